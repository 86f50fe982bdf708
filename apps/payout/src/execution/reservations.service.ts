import { Inject, Injectable } from '@nestjs/common';
import { formatUnits } from '@tronpay/config';
import type { PayoutFailureReason } from '@tronpay/models';
import { Chain } from '../chain/chain.port';
import { WalletPort } from '../chain/wallet.port';
import { PayoutMetrics } from '../observability/payout.metrics';
import type { PayoutTx } from '../payout.database';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { Effects, PayoutWork } from '../payouts/payout-work';
import { PayoutsRepository } from '../payouts/payouts.repository';
import type { PayoutRow } from '../payouts/payout.view';
import { ReservationsRepository } from './reservations.repository';

export type ReserveOutcome = 'reserved' | 'held' | 'rejected' | 'skipped';

/** TRX a USDT transfer's bandwidth may burn (about 350 bytes at 1,000 SUN each), set aside with its fee limit. */
const USDT_BANDWIDTH_RESERVE_SUN = 1_000_000n;

const units = (v: bigint, c: string) => `${formatUnits(v)} ${c}`;

/**
 * The treasury guards. A payout takes its amount (and its fees) from the hot wallet's balance as
 * a reservation, under the hot wallet's advisory lock: concurrent payouts are weighed one after
 * the other against what the solidified balance holds minus every open reservation and the floor,
 * and against the hourly velocity cap. One that does not fit waits (`PAYOUT_TREASURY_GUARD=wait`,
 * up to PAYOUT_GUARD_MAX_WAIT_SECONDS) or is rejected; nothing is built before it fits, so
 * nothing is ever half-sent.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly chain: Chain,
    private readonly wallet: WalletPort,
    private readonly repository: ReservationsRepository,
    private readonly payouts: PayoutsRepository,
    private readonly work: PayoutWork,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  feeReserve(currency: 'TRX' | 'USDT'): bigint {
    return currency === 'TRX' ? this.settings.fees.trxTransferReserveSun : this.settings.fees.feeLimitSun + USDT_BANDWIDTH_RESERVE_SUN;
  }

  async reserve(p: PayoutRow): Promise<ReserveOutcome> {
    const hot = await this.wallet.hotWallet();
    if (!hot) {
      const id = this.settings.treasury.hotWalletId;
      return this.work.run((tx, fx) => this.guard(tx, fx, p.id, 'no_hot_wallet', id ? `the hot wallet ${id} (PAYOUT_HOT_WALLET_ID) is not an active hot wallet` : 'the wallet service has no active hot wallet'));
    }
    const contract = p.currency === 'USDT' ? await this.chain.usdtContract() : undefined;
    // Read before the lock (a remote call must not hold it): a balance read at solidified block S
    // reflects every payout settled at or below S, and the sums below count every other one.
    const balance = await this.chain.solidBalance(hot.address, contract);
    const fee = this.feeReserve(p.currency);
    return this.work.run(async (tx, fx) => {
      await this.payouts.lock(tx, `hot-wallet:${hot.id}`);
      const cur = await this.payouts.findForUpdate(tx, p.id);
      if (!cur || cur.status !== 'queued' || cur.reserved_at) return 'skipped';
      const amount = BigInt(cur.amount);
      const limits = this.settings.limits[cur.currency];
      const [open, hour] = await Promise.all([this.repository.open(tx, hot.id, balance.solidBlock), this.repository.lastHour(tx, hot.id, cur.currency)]);
      if (hour + amount > limits.hourlyVelocity) {
        return this.guard(tx, fx, cur.id, 'velocity_cap', `the hot wallet sent ${units(hour, cur.currency)} in the last hour; ${units(amount, cur.currency)} more would pass the cap of ${units(limits.hourlyVelocity, cur.currency)}`);
      }
      const trxFree = balance.trx - open.trx - open.fees - this.settings.limits.TRX.floor;
      const need = cur.currency === 'TRX' ? amount + fee : fee;
      if (need > trxFree) {
        return this.guard(tx, fx, cur.id, 'insufficient_balance', `the hot wallet's TRX above its floor and open reservations is ${units(trxFree < 0n ? 0n : trxFree, 'TRX')}; this payout needs ${units(need, 'TRX')} with fees`);
      }
      if (cur.currency === 'USDT') {
        const tokenFree = (balance.token ?? 0n) - open.usdt - limits.floor;
        if (amount > tokenFree) {
          return this.guard(tx, fx, cur.id, 'insufficient_balance', `the hot wallet's USDT above its floor and open reservations is ${units(tokenFree < 0n ? 0n : tokenFree, 'USDT')}; this payout needs ${units(amount, 'USDT')}`);
        }
      }
      await this.payouts.update(tx, cur.id, 'queued', {
        reserved_at: new Date(),
        reserved_fee: fee.toString(),
        hot_wallet_id: hot.id,
        hot_wallet_address: hot.address,
        hold_reason: null,
        held_since: null,
        failure_detail: null,
      });
      return 'reserved';
    });
  }

  /** A payout that does not fit now: it waits (the hold is shown on it), or it is rejected naming the guard. */
  async hold(id: string, reason: string, detail: string): Promise<ReserveOutcome> {
    return this.work.run((tx, fx) => this.guard(tx, fx, id, reason, detail));
  }

  private async guard(tx: PayoutTx, fx: Effects, id: string, reason: string, detail: string): Promise<ReserveOutcome> {
    const cur = await this.payouts.findForUpdate(tx, id);
    if (!cur || cur.status !== 'queued') return 'skipped';
    const now = new Date();
    const heldSince = cur.held_since ?? now;
    const waitedTooLong = now.getTime() - heldSince.getTime() > this.settings.treasury.maxWaitMs;
    const isGuard = reason === 'velocity_cap' || reason === 'insufficient_balance';
    if ((isGuard && this.settings.treasury.guardMode === 'reject') || waitedTooLong) {
      const failure = (isGuard ? reason : 'held_too_long') as PayoutFailureReason;
      await this.work.move(tx, fx, cur, 'rejected', {
        failure_reason: failure,
        failure_detail: waitedTooLong ? `${detail} (waited ${Math.round((now.getTime() - heldSince.getTime()) / 1000)} s, longer than PAYOUT_GUARD_MAX_WAIT_SECONDS)` : detail,
        hold_reason: null,
        finished_at: now,
        next_run_at: null,
      });
      return 'rejected';
    }
    if (cur.hold_reason !== reason) this.metrics.held(reason);
    await this.payouts.update(tx, cur.id, 'queued', { hold_reason: reason, failure_detail: detail, held_since: heldSince });
    return 'held';
  }
}
