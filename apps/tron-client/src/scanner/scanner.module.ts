import { Module } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '@tronpay/config';
import { MetricsService } from '@tronpay/observability';
import { APP_CONFIG, StatsRegistry, TRANSPORT_CLIENT } from '@tronpay/runtime';
import { extractBlockTransfers } from '@tronpay/tron';
import type { RedisStreamsClient } from '@tronpay/transport';
import { NodesModule } from '../nodes/nodes.module';
import { TokenRegistry } from '../tokens/token-registry.service';
import { TokensModule } from '../tokens/tokens.module';
import { WatchModule } from '../watch/watch.module';
import { WatchService } from '../watch/watch.service';
import { ChainReader } from './chain-reader';
import { TransportEventPublisher } from './event-publisher';
import { OutboxPublisher } from './outbox.publisher';
import { ScannerRepository } from './scanner.repository';
import { ScannerService } from './scanner.service';
import { EVENT_PUBLISHER, SCANNER_REDIS, TRANSFER_EXTRACTOR, TransferExtractor } from './scanner.tokens';

@Module({
  imports: [NodesModule, WatchModule, TokensModule],
  providers: [
    ChainReader,
    ScannerRepository,
    OutboxPublisher,
    { provide: TRANSFER_EXTRACTOR, useValue: extractBlockTransfers },
    { provide: EVENT_PUBLISHER, inject: [TRANSPORT_CLIENT], useFactory: (client: RedisStreamsClient) => new TransportEventPublisher(client) },
    { provide: SCANNER_REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new Redis(config.redis.url, { maxRetriesPerRequest: 2 }) },
    {
      provide: ScannerService,
      inject: [APP_CONFIG, SCANNER_REDIS, ChainReader, ScannerRepository, WatchService, TokenRegistry, OutboxPublisher, TRANSFER_EXTRACTOR, MetricsService],
      useFactory: (
        config: AppConfig,
        redis: Redis,
        chain: ChainReader,
        repository: ScannerRepository,
        watch: WatchService,
        tokens: TokenRegistry,
        outbox: OutboxPublisher,
        extract: TransferExtractor,
        metrics: MetricsService,
      ) =>
        new ScannerService(
          {
            network: config.network.name,
            redisPrefix: config.redis.prefix,
            enabled: config.tron.scannerEnabled,
            batchSize: config.tron.scannerBatchSize,
            pollMs: config.tron.scannerPollMs,
            leaseTtlMs: config.tron.scannerLeaseTtlMs,
            startBlock: config.tron.scannerStartBlock,
            dustThreshold: BigInt(config.tron.dustThreshold),
          },
          { redis, chain, repository, watch, tokens, outbox, extract, registry: metrics.registry },
        ),
    },
  ],
  exports: [ScannerService],
})
export class ScannerModule {
  constructor(stats: StatsRegistry, scanner: ScannerService) {
    stats.register('scanner', () => scanner.stats());
  }
}
