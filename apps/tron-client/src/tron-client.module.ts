import { Module } from '@nestjs/common';
import { BroadcasterModule } from './broadcaster/broadcaster.module';
import { NodesModule } from './nodes/nodes.module';
import { ChainStateModule } from './queries/chain-state.module';
import { QueriesModule } from './queries/queries.module';
import { ScannerModule } from './scanner/scanner.module';
import { TokensModule } from './tokens/tokens.module';
import { WatchModule } from './watch/watch.module';

/** The tron-client service's features; the runtime gives it health, metrics, status, stats and the transport. */
@Module({ imports: [NodesModule, WatchModule, TokensModule, ScannerModule, BroadcasterModule, QueriesModule, ChainStateModule] })
export class TronClientModule {}
