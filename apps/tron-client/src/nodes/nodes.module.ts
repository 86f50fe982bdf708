import { Module } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import { MetricsService } from '@tronpay/observability';
import { APP_CONFIG, StatsRegistry } from '@tronpay/runtime';
import { FetchNodeHttp, NODE_HTTP, NodeHttp } from './node-http';
import { NodePool } from './node-pool.service';

@Module({
  providers: [
    { provide: NODE_HTTP, useClass: FetchNodeHttp },
    {
      provide: NodePool,
      inject: [APP_CONFIG, NODE_HTTP, MetricsService],
      useFactory: (config: AppConfig, http: NodeHttp, metrics: MetricsService) =>
        new NodePool(
          {
            urls: config.network.nodeUrls,
            apiKey: config.secrets.tronApiKey,
            timeoutMs: config.tron.nodeTimeoutMs,
            ratePerSecond: config.tron.nodeRateLimitPerSecond,
            maxLagBlocks: config.tron.nodeMaxLagBlocks,
            breakerFailures: config.tron.nodeBreakerFailures,
            breakerCooldownMs: config.tron.nodeBreakerCooldownMs,
            retries: config.tron.nodeRetries,
            healthIntervalMs: config.tron.nodeHealthIntervalMs,
          },
          http,
          metrics.registry,
        ),
    },
  ],
  exports: [NodePool],
})
export class NodesModule {
  constructor(stats: StatsRegistry, pool: NodePool) {
    stats.register('nodes', () => ({ bestHead: pool.bestHead(), nodes: pool.health() }));
  }
}
