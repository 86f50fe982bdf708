import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { AppConfig } from '@tronpay/config';
import { APP_CONFIG } from '@tronpay/runtime';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { PayoutExecutor } from './payout-executor';
import { bullOptions, PAYOUT_QUEUE, PayoutJob } from './payout-queue';

/**
 * Runs payout jobs, PAYOUT_WORKER_CONCURRENCY at a time. A worker that dies (SIGKILL) stops
 * renewing its jobs' locks; after PAYOUT_JOB_LOCK_MS another worker (or this one, restarted) runs
 * them again, from what the database says. BullMQ's own retries are not used: the relay re-adds.
 */
@Injectable()
export class PayoutWorker {
  private readonly logger = new Logger('PayoutWorker');
  private worker?: Worker<PayoutJob>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
    private readonly executor: PayoutExecutor,
  ) {}

  start(): void {
    if (this.worker) return;
    const e = this.settings.execution;
    this.worker = new Worker<PayoutJob>(PAYOUT_QUEUE, (job: Job<PayoutJob>) => this.executor.run(job.data.payoutId), {
      ...bullOptions(this.config),
      concurrency: e.workerConcurrency,
      lockDuration: e.jobLockMs,
      stalledInterval: e.jobLockMs,
      // A job stalled by crashes is run again however often that happens; it never fails for it.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
    });
    this.worker.on('error', (err) => this.logger.warn(`payout worker: ${err.message}`));
    this.worker.on('failed', (job, err) => this.logger.warn(`payout job ${job?.id ?? '?'} failed (the relay runs it again): ${err.message}`));
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.close();
  }

  get running(): boolean {
    return !!this.worker;
  }
}
