import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import type { AppConfig } from '@tronpay/config';
import { APP_CONFIG } from '@tronpay/runtime';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { EndpointGate } from './endpoint-gate';
import { AttemptOutcome, WebhookDeliveryService } from './webhook-delivery.service';
import { bullOptions, DELIVERY_QUEUE, DeliveryJob } from './webhook-queue';

/** How long a job over its endpoint's limit waits before it asks again (plus up to as much jitter). */
const POSTPONE_MS = 250;

/**
 * Runs delivery jobs, `concurrency` at a time. A job whose endpoint already has
 * `endpointConcurrency` deliveries in flight here goes back to the queue as delayed, freeing its
 * slot at once: a receiver that hangs until the timeout holds a few slots, never all of them.
 */
@Injectable()
export class WebhookWorker {
  private readonly logger = new Logger('WebhookWorker');
  private readonly gate: EndpointGate;
  private worker?: Worker<DeliveryJob, AttemptOutcome>;
  private postponed = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
    private readonly delivery: WebhookDeliveryService,
  ) {
    this.gate = new EndpointGate(settings.webhooks.endpointConcurrency);
  }

  start(): void {
    if (this.worker) return;
    const w = this.settings.webhooks;
    this.worker = new Worker<DeliveryJob, AttemptOutcome>(DELIVERY_QUEUE, (job, token) => this.process(job, token), {
      ...bullOptions(this.config),
      concurrency: w.concurrency,
      // Longer than any attempt can take, so a busy worker's job is never taken for stalled.
      lockDuration: w.timeoutMs + 30_000,
    });
    this.worker.on('error', (err) => this.logger.warn(`webhook worker: ${err.message}`));
    // The delivery stays pending in the database; the relay hands it over again after its grace period.
    this.worker.on('failed', (job, err) => this.logger.warn(`delivery job ${job?.id ?? '?'} failed: ${err.message}`));
  }

  /** Waits for the attempts in flight (each ends within the timeout), then disconnects. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.close();
  }

  stats() {
    return { running: !!this.worker, ...this.gate.stats(), postponed: this.postponed };
  }

  private async process(job: Job<DeliveryJob>, token?: string): Promise<AttemptOutcome> {
    const { deliveryId, round, endpointId } = job.data;
    if (!this.gate.tryEnter(endpointId)) {
      this.postponed++;
      await job.moveToDelayed(Date.now() + POSTPONE_MS + Math.floor(Math.random() * POSTPONE_MS), token);
      throw new DelayedError();
    }
    try {
      return await this.delivery.attempt(deliveryId, round);
    } finally {
      this.gate.leave(endpointId);
    }
  }
}
