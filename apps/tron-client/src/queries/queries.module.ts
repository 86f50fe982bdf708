import { Module } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '@tronpay/config';
import { APP_CONFIG, StatsRegistry } from '@tronpay/runtime';
import { NodesModule } from '../nodes/nodes.module';
import { ChainFactsModule } from './chain-facts.module';
import { QueriesHandler } from './queries.handler';
import { QueriesService } from './queries.service';
import { QUERY_CACHE } from './queries.tokens';
import { QueryCache } from './query-cache';
import { SentByModule } from './sent-by.module';

/** Account, TRC20 balance, chain parameters and network status over the transport. */
@Module({
  imports: [NodesModule, ChainFactsModule, SentByModule],
  controllers: [QueriesHandler],
  providers: [
    {
      provide: QUERY_CACHE,
      inject: [APP_CONFIG],
      // Its own connection: the transport's is not shared. Short timeouts, no offline queue: a
      // cache that cannot answer at once is skipped.
      useFactory: (config: AppConfig) => {
        const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 500 });
        redis.on('error', () => undefined); // counted and logged by QueryCache when a query meets it
        return new QueryCache(redis, `${config.redis.prefix}cache:`);
      },
    },
    QueriesService,
  ],
  exports: [QueriesService],
})
export class QueriesModule {
  constructor(stats: StatsRegistry, queries: QueriesService) {
    stats.register('queries', () => ({ cache: queries.cacheStats() }));
  }
}
