import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { sql } from 'kysely';
import { LIVE_TX_STATUSES } from '@tronpay/models';
import { PeriodicRound, RestartRegistry } from '@tronpay/runtime';
import { trc20TransferData } from '@tronpay/tron';
import { Chain } from '../chain/chain.port';
import { DependencyError } from '../chain/dependency.errors';
import { EnergyPort } from '../chain/energy.port';
import { PayoutMetrics } from '../observability/payout.metrics';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { PayoutsRepository } from '../payouts/payouts.repository';
import type { PayoutRow } from '../payouts/payout.view';
import { TransactionsRepository } from './transactions.repository';

/** Bytes a signed TRC20 transfer takes (raw data, one signature, the result allowance). */
const TRC20_TRANSFER_BYTES = 345;
/** Energy estimates move with the chain's state: ask for a little more (as the builder prices it). */
const ESTIMATE_MARGIN_PERCENT = 10n;
const RELEASE_BATCH = 50;
const ENDED_PAYOUT_STATUSES = ['confirmed', 'failed', 'rejected', 'cancelled'] as const;

export type EnergyReadiness = { kind: 'go' } | { kind: 'wait'; reason: 'energy_preparing' | 'energy_short'; detail: string };

/**
 * A USDT payout's energy, from the staking service's energy manager (PAYOUT_ENERGY=lease): before
 * an attempt's transfer is built, a lease keyed `payout:<id>:<attempt>` delegates the energy the
 * transfer needs to the hot wallet (or plans its burn within the caps); the attempt waits until
 * the chain shows it. The lease is recorded here before it is asked for, and given back by a round
 * on every replica once its attempt has ended (confirmed, failed, expired, abandoned) or its payout
 * has, so a crash anywhere leaves no delegation behind for longer than one round.
 *
 * When the energy manager does not answer, or cannot ever serve the lease, the attempt burns TRX
 * within the fee limit (the builder never builds one that would burn more), counted as
 * `burn_fallback`: a payout is never stuck on the staking service.
 */
@Injectable()
export class PayoutEnergy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PayoutEnergy');
  private readonly rounds: PeriodicRound;

  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly chain: Chain,
    private readonly energy: EnergyPort,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
    restarts: RestartRegistry,
  ) {
    this.rounds = new PeriodicRound('energy release round', settings.execution.relayIntervalMs, () => this.releaseEnded().then(() => undefined), this.logger);
    restarts.register('payout-energy', this.rounds);
  }

  onApplicationBootstrap(): void {
    if (this.settings.fees.energy === 'lease') this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** Whether the payout's next attempt may be built now, as far as its energy goes. */
  async prepare(p: PayoutRow): Promise<EnergyReadiness> {
    if (p.currency !== 'USDT') return { kind: 'go' };
    if (this.settings.fees.energy === 'burn') {
      this.metrics.energySource('burn');
      return { kind: 'go' };
    }
    const address = p.hot_wallet_address;
    if (!address) throw new Error(`payout ${p.id} has no hot wallet reserved`);
    const db = this.payouts.db;
    const attempt = await this.transactions.nextAttempt(db, p.id);
    const key = `payout:${p.id}:${attempt}`;
    const known = await db.selectFrom('energy_leases').selectAll().where('key', '=', key).executeTakeFirst();
    if (known?.ready_at) return { kind: 'go' };
    if (known?.status === 'fallback') return { kind: 'go' };

    const contract = await this.chain.usdtContract();
    const estimate = await this.chain.estimateEnergy(address, contract, trc20TransferData(p.destination, BigInt(p.amount)));
    // The builder asks again and fails the attempt the same way, naming the reason.
    if (!estimate.ok) return { kind: 'go' };
    const energy = (estimate.energyUsed * (100n + ESTIMATE_MARGIN_PERCENT)) / 100n;
    // Recorded before it is asked for: whatever happens next, the release round finds it.
    await db.insertInto('energy_leases').values({ key, payout_id: p.id, attempt, status: 'asked' }).onConflict((oc) => oc.column('key').doNothing()).execute();

    let lease;
    try {
      lease = await this.energy.acquire({ key, address, energy, bandwidth: TRC20_TRANSFER_BYTES, maxBurnSun: this.settings.fees.feeLimitSun });
    } catch (e) {
      if (!(e instanceof DependencyError) || !e.unreachable) throw e;
      this.logger.warn(`payout ${p.id}: the energy manager did not answer (${e.code}); this attempt burns TRX within the fee limit`);
      return this.fallBack(key, `unanswered: ${e.code}`);
    }
    switch (lease.status) {
      case 'ready': {
        const became = await db
          .updateTable('energy_leases')
          .set({ status: 'ready', reason: null, ready_at: new Date(), updated_at: new Date() })
          .where('key', '=', key)
          .where('ready_at', 'is', null)
          .executeTakeFirst();
        if (Number(became.numUpdatedRows) === 1) this.metrics.energySource(BigInt(lease.burnSun) > 0n ? 'lease_burn' : 'lease');
        return { kind: 'go' };
      }
      case 'preparing':
        await this.note(key, 'preparing', null);
        return { kind: 'wait', reason: 'energy_preparing', detail: 'the energy manager is delegating the energy this transfer needs to the hot wallet' };
      case 'waiting':
        await this.note(key, 'waiting', lease.reason);
        return { kind: 'wait', reason: 'energy_short', detail: `the energy manager cannot give this transfer its energy now: ${lease.reason ?? 'no reason given'}` };
      default:
        // failed, or released before this attempt was built (its lease outlived ENERGY_LEASE_TTL_SECONDS).
        this.logger.warn(`payout ${p.id}: energy lease ${key} is ${lease.status} (${lease.reason ?? 'no reason'}); this attempt burns TRX within the fee limit`);
        return this.fallBack(key, `${lease.status}: ${lease.reason ?? ''}`.slice(0, 500));
    }
  }

  /** Gives back the leases whose attempt (or payout) has ended; returns how many were released. */
  async releaseEnded(): Promise<number> {
    const db = this.payouts.db;
    const ended = await db
      .selectFrom('energy_leases as l')
      .innerJoin('payouts as p', 'p.id', 'l.payout_id')
      .select(['l.key'])
      .where('l.released_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('p.status', 'in', [...ENDED_PAYOUT_STATUSES]),
          eb.exists(
            eb
              .selectFrom('payout_transactions as t')
              .select('t.tx_id')
              .whereRef('t.payout_id', '=', 'l.payout_id')
              .whereRef('t.attempt', '=', 'l.attempt')
              .where('t.status', 'not in', [...LIVE_TX_STATUSES]),
          ),
        ]),
      )
      .orderBy('l.created_at')
      .limit(RELEASE_BATCH)
      .execute();
    let released = 0;
    for (const { key } of ended) {
      try {
        const lease = await this.energy.release(key);
        await db
          .updateTable('energy_leases')
          .set({ released_at: new Date(), updated_at: new Date(), status: lease ? lease.status : 'unknown_to_staking' })
          .where('key', '=', key)
          .execute();
        released++;
      } catch (e) {
        // Asked again next round; the energy manager reclaims it after ENERGY_LEASE_TTL_SECONDS anyway.
        this.logger.warn(`energy lease ${key}: release failed: ${(e as Error).message}`);
      }
    }
    return released;
  }

  async stats(): Promise<{ mode: 'lease' | 'burn'; open: number; sinceStart: Record<string, number> }> {
    const r = await this.payouts.db
      .selectFrom('energy_leases')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('released_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { mode: this.settings.fees.energy, open: r.n, sinceStart: this.metrics.counts.energy };
  }

  private async fallBack(key: string, reason: string): Promise<EnergyReadiness> {
    const marked = await this.payouts.db
      .updateTable('energy_leases')
      .set({ status: 'fallback', reason, updated_at: new Date() })
      .where('key', '=', key)
      .where('status', '<>', 'fallback')
      .where('ready_at', 'is', null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 1) this.metrics.energySource('burn_fallback');
    return { kind: 'go' };
  }

  private async note(key: string, status: string, reason: string | null): Promise<void> {
    await this.payouts.db.updateTable('energy_leases').set({ status, reason, updated_at: new Date() }).where('key', '=', key).execute();
  }
}
