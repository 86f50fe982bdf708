import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { AppConfig } from '@tronpay/config';
import { withDeadline } from '@tronpay/observability';
import { APP_CONFIG } from '@tronpay/runtime';

export const SWEEP_QUEUE = 'sweeps';
const REDIS_DEADLINE_MS = 5_000;

export interface SweepJob {
  sweepId: string;
}

/** Connection and key prefix shared by the queue and the worker (as the webhooks', another queue). */
export function sweepBullOptions(config: AppConfig) {
  return {
    connection: { url: config.redis.url, maxRetriesPerRequest: null },
    prefix: `${config.redis.prefix}gateway:bull`,
  };
}

/** Jobs for due sweeps; the database holds every sweep's state, the queue only who runs it next. */
@Injectable()
export class SweepQueue {
  private queue?: Queue<SweepJob>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  open(): void {
    if (this.queue) return;
    this.queue = new Queue<SweepJob>(SWEEP_QUEUE, sweepBullOptions(this.config));
    this.queue.on('error', () => undefined);
  }

  async close(): Promise<void> {
    const queue = this.queue;
    this.queue = undefined;
    await queue?.close();
  }

  /** One job id per hand-over (BullMQ refuses `:` in ids): adding one still queued does nothing. */
  async add(sweeps: Array<{ id: string; attempts: number }>): Promise<void> {
    const queue = this.queue;
    if (!queue) throw new Error('the sweep queue is closed');
    if (!sweeps.length) return;
    await withDeadline('redis (sweep queue)', REDIS_DEADLINE_MS, () =>
      queue.addBulk(sweeps.map((s) => ({ name: 'sweep', data: { sweepId: s.id }, opts: { jobId: `${s.id}.${s.attempts}`, removeOnComplete: true, removeOnFail: true } }))),
    );
  }

  async counts(): Promise<Record<string, number> | null> {
    const queue = this.queue;
    if (!queue) return null;
    return withDeadline('redis (sweep queue)', REDIS_DEADLINE_MS, () => queue.getJobCounts('waiting', 'active', 'delayed'));
  }
}
