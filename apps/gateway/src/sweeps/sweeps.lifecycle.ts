import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ConfigRegistry, RestartRegistry, StatsRegistry } from '@tronpay/runtime';
import { SWEEP_CONFIG, SweepSettings } from './sweep.settings';
import { SweepQueue } from './sweep-queue';
import { SweepRelay } from './sweep-relay';
import { SweepWorker } from './sweep-worker';
import { SweepsRepository } from './sweeps.repository';

/**
 * Starts the sweep queue, worker and relay (when sweeps are enabled: a treasury is configured) and
 * stops them before the runtime closes PostgreSQL; `POST /restart/gateway` restarts them too.
 */
@Injectable()
export class SweepsLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sweeps');

  constructor(
    @Inject(SWEEP_CONFIG) private readonly settings: SweepSettings,
    private readonly queue: SweepQueue,
    private readonly worker: SweepWorker,
    private readonly relay: SweepRelay,
    private readonly repository: SweepsRepository,
    private readonly restarts: RestartRegistry,
    private readonly stats: StatsRegistry,
    private readonly configs: ConfigRegistry,
  ) {
    worker.onBooked = () => relay.kick();
  }

  onModuleInit(): void {
    this.restarts.register('sweeps', { stop: () => this.stop(), start: () => this.start() });
    this.stats.register('sweeps', () => this.collect());
    // Nothing secret here (addresses, ids, amounts): shown as set.
    this.configs.register('sweeps', () => JSON.parse(JSON.stringify(this.settings, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown);
  }

  onApplicationBootstrap(): void {
    if (!this.settings.enabled) this.logger.log('sweeps are off (SWEEP_ENABLED=false or no WALLET_TREASURY_ADDRESS): confirmed deposits are recorded, not moved');
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.settings.enabled) return;
    this.queue.open();
    this.worker.start();
    this.relay.start();
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.worker.stop();
    await this.queue.close();
  }

  private async collect() {
    const [sweeps, queue] = await Promise.all([this.repository.stats(), this.queue.counts().catch(() => null)]);
    return {
      enabled: this.settings.enabled,
      treasury: this.settings.coldAddress,
      hotWalletId: this.settings.hotWalletId,
      ...sweeps,
      queue,
      relay: { ...this.relay.counts, lastError: this.relay.lastError },
    };
  }
}
