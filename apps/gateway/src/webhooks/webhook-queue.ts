import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '@tronpay/config';
import { withDeadline } from '@tronpay/observability';
import { APP_CONFIG } from '@tronpay/runtime';
import type { QueuedDelivery } from './webhook-deliveries.repository';

export const DELIVERY_QUEUE = 'webhook-deliveries';
const REDIS_DEADLINE_MS = 5_000;

/** A job carries ids only: the event, the URL and the secret are read (or derived) when it runs. */
export interface DeliveryJob {
  deliveryId: string;
  round: number;
  endpointId: string;
}

/** BullMQ refuses `:` in custom ids; one id per delivery and round makes re-adding harmless. */
export const jobIdOf = (d: Pick<QueuedDelivery, 'id' | 'round'>) => `${d.id}.${d.round}`;

/** Connection and key prefix shared by the queue and the worker. */
export function bullOptions(config: AppConfig) {
  return {
    connection: { url: config.redis.url, maxRetriesPerRequest: null },
    prefix: `${config.redis.prefix}gateway:bull`,
  };
}

/** The executor's side of the outbox: jobs for due deliveries. Redis holds nothing the database does not. */
@Injectable()
export class WebhookQueue {
  private queue?: Queue<DeliveryJob>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  open(): void {
    if (this.queue) return;
    this.queue = new Queue<DeliveryJob>(DELIVERY_QUEUE, bullOptions(this.config));
    // Reported by add() and counts(); without a listener ioredis would print every reconnect.
    this.queue.on('error', () => undefined);
  }

  async close(): Promise<void> {
    const queue = this.queue;
    this.queue = undefined;
    await queue?.close();
  }

  async add(deliveries: QueuedDelivery[]): Promise<void> {
    const queue = this.queue;
    if (!queue) throw new Error('the webhook queue is closed');
    if (!deliveries.length) return;
    await withDeadline('redis (webhook queue)', REDIS_DEADLINE_MS, () =>
      queue.addBulk(
        deliveries.map((d) => ({
          name: 'deliver',
          data: { deliveryId: d.id, round: d.round, endpointId: d.endpointId },
          opts: { jobId: jobIdOf(d), removeOnComplete: true, removeOnFail: true },
        })),
      ),
    );
  }

  async counts(): Promise<Record<string, number> | null> {
    const queue = this.queue;
    if (!queue) return null;
    return withDeadline('redis (webhook queue)', REDIS_DEADLINE_MS, () => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'));
  }
}
