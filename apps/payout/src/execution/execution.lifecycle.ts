import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { payoutConfigView } from '@tronpay/config';
import { ConfigRegistry, RestartRegistry, StatsRegistry } from '@tronpay/runtime';
import { PayoutStats } from '../observability/payout.stats';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { PayoutSignals } from '../payouts/payout-signals';
import { RestoreReconciler } from '../restore/restore-reconciler';
import { PayoutQueue } from './payout-queue';
import { PayoutRelay } from './payout-relay';
import { PayoutWorker } from './payout-worker';

/**
 * Starts the queue, the worker, the relay, the outbox publisher and the restore reconciliation
 * once the migrations have run, and stops them (the worker finishing its jobs) before the runtime
 * closes PostgreSQL.
 * `POST /restart/payout` stops and starts them too.
 */
@Injectable()
export class ExecutionLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly queue: PayoutQueue,
    private readonly worker: PayoutWorker,
    private readonly relay: PayoutRelay,
    private readonly publisher: OutboxPublisher,
    private readonly reconciler: RestoreReconciler,
    private readonly signals: PayoutSignals,
    private readonly stats: PayoutStats,
    private readonly restarts: RestartRegistry,
    private readonly statsRegistry: StatsRegistry,
    private readonly configs: ConfigRegistry,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  onModuleInit(): void {
    this.signals.onEnqueue((ids) => this.queue.kick(ids));
    this.signals.onOutbox(() => void this.publisher.publishPending());
    this.restarts.register('payout-worker', { stop: () => this.stop(), start: () => this.start() });
    this.statsRegistry.register('payouts', () => this.stats.collect());
    this.configs.register('payout', () => payoutConfigView(this.settings));
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.queue.open();
    this.worker.start();
    this.relay.start();
    this.publisher.start();
    this.reconciler.start();
  }

  async stop(): Promise<void> {
    await this.reconciler.stop();
    await this.relay.stop();
    await this.worker.stop();
    await this.publisher.stop();
    await this.queue.close();
  }
}
