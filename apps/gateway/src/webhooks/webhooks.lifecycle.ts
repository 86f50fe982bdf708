import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import { APP_CONFIG, RestartRegistry, StatsRegistry } from '@tronpay/runtime';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookQueue } from './webhook-queue';
import { WebhookSender } from './webhook-sender';
import { WebhookWorker } from './webhook-worker';

/**
 * Starts the queue, the worker and the relay once the migrations have run, and stops them
 * before the runtime closes PostgreSQL (its shutdown hook runs first, being a global module's):
 * the attempts in flight still log themselves. `POST /restart/gateway` stops and starts them too.
 */
@Injectable()
export class WebhooksLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: WebhookQueue,
    private readonly sender: WebhookSender,
    private readonly worker: WebhookWorker,
    private readonly dispatcher: WebhookDispatcher,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly restarts: RestartRegistry,
    private readonly stats: StatsRegistry,
  ) {}

  onModuleInit(): void {
    this.restarts.register('webhook-worker', { stop: () => this.stop(), start: () => this.start() });
    this.stats.register('webhooks', () => this.collect());
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
    this.dispatcher.start();
  }

  /**
   * Attempts in flight get a part of the shutdown budget to finish; slower ones are cut off and
   * logged as failed attempts, to be retried by whichever replica runs next.
   */
  async stop(): Promise<void> {
    await this.dispatcher.stop();
    const stopped = this.worker.stop();
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.service.shutdownTimeoutMs / 2)));
    await Promise.race([stopped, budget]);
    clearTimeout(timer);
    this.sender.abortAll('aborted: the gateway was stopping');
    await stopped;
    await this.queue.close();
  }

  private async collect() {
    const [deliveries, queue] = await Promise.all([
      this.deliveries.countPending().catch(() => null),
      this.queue.counts().catch(() => null),
    ]);
    return { deliveries, queue, worker: this.worker.stats(), relay: this.dispatcher.stats() };
  }
}
