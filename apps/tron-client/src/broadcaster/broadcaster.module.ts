import { DynamicModule, Module } from '@nestjs/common';
import { MetricsService } from '@tronpay/observability';
import { StatsRegistry } from '@tronpay/runtime';
import { NodesModule } from '../nodes/nodes.module';
import { BroadcastRepository } from './broadcast.repository';
import { BroadcasterHandler } from './broadcaster.handler';
import { BroadcasterMetrics } from './broadcaster.metrics';
import { BROADCASTER_OPTIONS, BroadcasterOptions, DEFAULT_BROADCASTER_OPTIONS } from './broadcaster.options';
import { BroadcasterService } from './broadcaster.service';
import { TxFollower } from './tx-follower.service';
import { TxOutboxPublisher } from './tx-outbox.publisher';

/**
 * `tron-client.tx.broadcast.v1` / `tron-client.tx.get.v1`, the follower and its `tx.*` events.
 * Its table comes from `broadcastMigrations` (libs/models), applied with the service's migrations.
 */
@Module({
  imports: [NodesModule],
  controllers: [BroadcasterHandler],
  providers: [
    { provide: BROADCASTER_OPTIONS, useValue: DEFAULT_BROADCASTER_OPTIONS },
    { provide: BroadcasterMetrics, inject: [MetricsService], useFactory: (m: MetricsService) => new BroadcasterMetrics(m.registry) },
    BroadcastRepository,
    BroadcasterService,
    TxOutboxPublisher,
    TxFollower,
  ],
  exports: [BroadcasterService, TxFollower],
})
export class BroadcasterModule {
  constructor(stats: StatsRegistry, broadcaster: BroadcasterService, follower: TxFollower, repository: BroadcastRepository, outbox: TxOutboxPublisher) {
    stats.register('broadcaster', async () => ({
      open: await repository.countOpen(),
      sends: {
        accepted: broadcaster.counts.accepted,
        duplicate: broadcaster.counts.duplicate,
        transientError: broadcaster.counts.transient_error,
        nodeUnreachable: broadcaster.counts.node_unreachable,
        rejected: broadcaster.counts.rejected,
      },
      finished: { confirmed: broadcaster.counts.confirmed, failed: broadcaster.counts.failed, expired: broadcaster.counts.expired },
      eventsPublished: outbox.published,
      follower: {
        solidBlock: follower.solidBlock,
        lastRoundAt: follower.lastRoundAt?.toISOString() ?? null,
        lastError: follower.lastError,
      },
    }));
  }

  /** The same module with other timings (tests, or a service-specific configuration). */
  static withOptions(options: Partial<BroadcasterOptions>): DynamicModule {
    return {
      module: BroadcasterModule,
      providers: [{ provide: BROADCASTER_OPTIONS, useValue: { ...DEFAULT_BROADCASTER_OPTIONS, ...options } }],
    };
  }
}
