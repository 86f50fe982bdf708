import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '@tronpay/config';
import { withDeadline } from '@tronpay/observability';
import { APP_CONFIG } from '@tronpay/runtime';

export const PAYOUT_QUEUE = 'payouts';
const REDIS_DEADLINE_MS = 5_000;

export interface PayoutJob {
  payoutId: string;
}

/** Connection and key prefix shared by the queue and the worker. */
export function bullOptions(config: AppConfig) {
  return {
    connection: { url: config.redis.url, maxRetriesPerRequest: null },
    prefix: `${config.redis.prefix}payout:bull`,
  };
}

/**
 * One job per payout, its id the payout id: adding a payout whose job is still waiting or running
 * does nothing. Jobs carry the id only; the database says what is to be done.
 */
@Injectable()
export class PayoutQueue {
  private readonly logger = new Logger('PayoutQueue');
  private queue?: Queue<PayoutJob>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  open(): void {
    if (this.queue) return;
    this.queue = new Queue<PayoutJob>(PAYOUT_QUEUE, bullOptions(this.config));
    this.queue.on('error', () => undefined);
  }

  async close(): Promise<void> {
    const queue = this.queue;
    this.queue = undefined;
    await queue?.close();
  }

  async add(ids: string[]): Promise<void> {
    const queue = this.queue;
    if (!queue || !ids.length) return;
    await withDeadline('redis (payout queue)', REDIS_DEADLINE_MS, () =>
      queue.addBulk(ids.map((payoutId) => ({ name: 'execute', data: { payoutId }, opts: { jobId: payoutId, removeOnComplete: true, removeOnFail: true } }))),
    );
  }

  /** A hint after a commit: a failure leaves the payouts to the relay. */
  kick(ids: string[]): void {
    this.add(ids).catch((e: Error) => this.logger.warn(`could not enqueue ${ids.length} payouts now (the relay will): ${e.message}`));
  }

  async counts(): Promise<Record<string, number> | null> {
    const queue = this.queue;
    if (!queue) return null;
    return withDeadline('redis (payout queue)', REDIS_DEADLINE_MS, () => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'));
  }
}
