import { Inject, Injectable } from '@nestjs/common';
import type { FailpointName } from '@tronpay/config';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';

/**
 * Crash injection for the devnet proofs (PAYOUT_FAILPOINTS, refused on other networks): the
 * process kills itself with SIGKILL the n-th time it reaches a named point of execution, so a
 * spec can prove that a crash exactly there loses nothing and pays nothing twice.
 */
@Injectable()
export class Failpoints {
  private readonly hits = new Map<FailpointName, number>();

  constructor(@Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings) {}

  hit(point: FailpointName): void {
    if (!this.settings.failpoints.length) return;
    const n = (this.hits.get(point) ?? 0) + 1;
    this.hits.set(point, n);
    if (this.settings.failpoints.some((f) => f.point === point && f.hit === n)) {
      // stderr is a pipe or a file here: written synchronously on Linux, so the line survives the kill.
      process.stderr.write(`failpoint ${point}#${n}: SIGKILL\n`);
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
