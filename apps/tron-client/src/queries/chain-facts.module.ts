import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { ChainFactsHandler } from './chain-facts.handler';
import { ChainFactsService } from './chain-facts.service';

/** The chain facts payouts are built, reserved and checked with (reference block, solid balances, contracts, energy, tx status). */
@Module({
  imports: [NodesModule],
  controllers: [ChainFactsHandler],
  providers: [ChainFactsService],
})
export class ChainFactsModule {}
