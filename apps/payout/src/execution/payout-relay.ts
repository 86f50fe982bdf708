import { Inject, Injectable, Logger } from '@nestjs/common';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { PayoutsRepository } from '../payouts/payouts.repository';
import { PayoutQueue } from './payout-queue';

const CLAIM_BATCH = 500;

/**
 * The database drives, the queue executes: every interval each replica hands the payouts that are
 * due (queued, waiting, or broadcast and due for a look) to the queue. A job lost with Redis, a
 * crash between a commit and its enqueue, a hint that never came: all are found here.
 */
@Injectable()
export class PayoutRelay {
  private readonly logger = new Logger('PayoutRelay');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  handed = 0;
  lastRoundAt: Date | null = null;
  lastError: string | null = null;

  constructor(
    private readonly repository: PayoutsRepository,
    private readonly queue: PayoutQueue,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.settings.execution.relayIntervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  runOnce(): Promise<void> {
    this.round ??= this.relay()
      .then(
        () => (this.lastError = null),
        (e: Error) => {
          this.lastError = e.message;
          this.logger.warn(`relay round failed (next round retries): ${e.message}`);
        },
      )
      .then(() => undefined)
      .finally(() => {
        this.lastRoundAt = new Date();
        this.round = undefined;
      });
    return this.round;
  }

  private async relay(): Promise<void> {
    for (;;) {
      const ids = await this.repository.claimDue(CLAIM_BATCH, this.settings.execution.jobLockMs * 2);
      await this.queue.add(ids);
      this.handed += ids.length;
      if (ids.length < CLAIM_BATCH) return;
    }
  }
}
