import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicRound } from '@tronpay/runtime';
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
  private readonly rounds: PeriodicRound;
  handed = 0;

  constructor(
    private readonly repository: PayoutsRepository,
    private readonly queue: PayoutQueue,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {
    this.rounds = new PeriodicRound('relay round', settings.execution.relayIntervalMs, () => this.relay(), this.logger, { immediate: true });
  }

  get lastRoundAt(): Date | null {
    return this.rounds.lastRoundAt;
  }

  get lastError(): string | null {
    return this.rounds.lastError;
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  runOnce(): Promise<void> {
    return this.rounds.runNow();
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
