import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { AppConfig } from '@tronpay/config';
import { APP_CONFIG } from '@tronpay/runtime';
import { SWEEP_CONFIG, SweepSettings } from './sweep.settings';
import { sweepBullOptions, SWEEP_QUEUE, SweepJob } from './sweep-queue';
import { SweepRunner } from './sweep-runner.service';
import { SweepsRepository } from './sweeps.repository';

/** Runs sweep jobs, SWEEP_CONCURRENCY at a time; each runs its sweep until it waits, then books its next run. */
@Injectable()
export class SweepWorker {
  private readonly logger = new Logger('SweepWorker');
  private worker?: Worker<SweepJob>;
  onBooked?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SWEEP_CONFIG) private readonly settings: SweepSettings,
    private readonly runner: SweepRunner,
    private readonly repository: SweepsRepository,
  ) {}

  start(): void {
    if (this.worker) return;
    this.worker = new Worker<SweepJob>(SWEEP_QUEUE, (job) => this.process(job), {
      ...sweepBullOptions(this.config),
      concurrency: this.settings.concurrency,
      lockDuration: this.runner.leaseMs + 30_000,
    });
    this.worker.on('error', (err) => this.logger.warn(`sweep worker: ${err.message}`));
    this.worker.on('failed', (job, err) => this.logger.warn(`sweep job ${job?.id ?? '?'} failed: ${err.message}`));
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.close();
  }

  private async process(job: Job<SweepJob>): Promise<void> {
    const next = await this.runner.run(job.data.sweepId);
    // The sweep is due again after `next` (or done): the relay hands it over then.
    await this.repository.end(job.data.sweepId, next ?? 0);
    if (next !== null && next <= this.settings.pollMs) this.onBooked?.();
  }
}
