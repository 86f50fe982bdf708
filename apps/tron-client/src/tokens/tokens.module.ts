import { Module } from '@nestjs/common';
import { StatsRegistry } from '@tronpay/runtime';
import { NodesModule } from '../nodes/nodes.module';
import { TokenRegistry } from './token-registry.service';
import { TokensHandler } from './tokens.handler';
import { TokensRepository } from './tokens.repository';

@Module({
  imports: [NodesModule],
  controllers: [TokensHandler],
  providers: [TokensRepository, TokenRegistry],
  exports: [TokenRegistry],
})
export class TokensModule {
  constructor(stats: StatsRegistry, registry: TokenRegistry) {
    stats.register('tokens', () => registry.list());
  }
}
