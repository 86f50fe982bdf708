import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { ChainStateHandler } from './chain-state.handler';
import { ChainStateService } from './chain-state.service';

/** Stake 2.0 state, the head block and constant calls: what staking, the energy manager and usdt build with. */
@Module({
  imports: [NodesModule],
  controllers: [ChainStateHandler],
  providers: [ChainStateService],
})
export class ChainStateModule {}
