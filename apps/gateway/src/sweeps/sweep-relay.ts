import { Inject, Injectable, Logger } from '@nestjs/common';
import { SWEEP_CONFIG, SweepSettings } from './sweep.settings';
import { SweepQueue } from './sweep-queue';
import { SweepRunner } from './sweep-runner.service';
import { SweepsRepository } from './sweeps.repository';
import { UsdtContract } from '../invoices/usdt-contract';

const BATCH = 100;
/** The first backfill of a replica looks this far back; later ones from their previous run (with a margin). */
const BACKFILL_FIRST_HOURS = 48;
const BACKFILL_MARGIN_MS = 10 * 60_000;

/**
 * On every gateway replica, every SWEEP_INTERVAL_MS (and soon after a confirmed deposit): records
 * confirmed invoice payments the deposit handler missed, opens a sweep for each address whose
 * unswept deposits of a token reach the threshold (small ones add up; one open sweep per address),
 * and hands due sweeps to the queue, again when the queue lost them.
 */
@Injectable()
export class SweepRelay {
  private readonly logger = new Logger('SweepRelay');
  private loop?: Promise<void>;
  private stopped = true;
  private wake?: () => void;
  private kicked = false;
  private lastPlan = 0;
  private lastBackfill: number | null = null;
  readonly counts = { passes: 0, opened: 0, relayed: 0, backfilled: 0 };
  lastError: string | null = null;

  constructor(
    @Inject(SWEEP_CONFIG) private readonly settings: SweepSettings,
    private readonly repository: SweepsRepository,
    private readonly queue: SweepQueue,
    private readonly runner: SweepRunner,
    private readonly usdt: UsdtContract,
  ) {}

  kick(): void {
    if (this.stopped) return;
    this.kicked = true;
    this.wake?.();
  }

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Planning (backfill, new sweeps) every SWEEP_INTERVAL_MS or when kicked; due sweeps to the queue every pass. */
  async passOnce(plan = true): Promise<void> {
    if (plan) await this.plan();
    const due = await this.repository.claimDue(BATCH, this.runner.leaseMs);
    try {
      await this.queue.add(due);
    } catch (e) {
      await this.repository.unclaim(due.map((d) => d.id));
      throw e;
    }
    this.counts.relayed += due.length;
    this.counts.passes++;
  }

  private async plan(): Promise<void> {
    this.lastPlan = Date.now();
    // Not known yet (not configured, tron-client away): the pass fails and is tried again, rather
    // than move the backfill window past USDT deposits it did not look for.
    const usdt = await this.usdt.get();
    const thresholds: Record<string, bigint> = { TRX: this.settings.threshold.trx, [usdt]: this.settings.threshold.usdt };
    const started = Date.now();
    const hours = this.lastBackfill === null ? BACKFILL_FIRST_HOURS : (started - this.lastBackfill + BACKFILL_MARGIN_MS) / 3_600_000;
    this.counts.backfilled += await this.repository.backfill(Object.keys(thresholds), hours);
    this.lastBackfill = started;
    for (const c of await this.repository.candidates(thresholds, BATCH)) {
      const sweep = await this.repository.createSweep(c.address, c.token);
      if (sweep) {
        this.counts.opened++;
        this.logger.log(`sweep ${sweep.id}: ${sweep.deposits_total} ${c.token === 'TRX' ? 'SUN' : 'USDT base units'} deposited at ${c.address}`);
      }
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const plan = this.kicked || Date.now() - this.lastPlan >= this.settings.intervalMs;
      this.kicked = false;
      try {
        await this.passOnce(plan);
        this.lastError = null;
      } catch (e) {
        this.lastError = (e as Error).message;
        this.logger.warn(`sweep relay pass failed: ${this.lastError}`);
      }
      if (this.stopped) break;
      if (!this.kicked) await this.sleep(Math.min(this.settings.intervalMs, this.settings.pollMs));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
