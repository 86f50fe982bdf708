import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TxView } from '@tronpay/models';
import { Chain } from '../chain/chain.port';
import { DependencyError } from '../chain/dependency.errors';
import { WalletPort } from '../chain/wallet.port';
import { PayoutMetrics } from '../observability/payout.metrics';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { PayoutWork } from '../payouts/payout-work';
import { PayoutsRepository } from '../payouts/payouts.repository';
import type { PayoutRow, PayoutTxRow } from '../payouts/payout.view';
import { RestoreGate } from '../restore/restore-gate';
import { HOLD_REASON as RESTORE_HOLD } from '../restore/restores.repository';
import { Failpoints } from './failpoints';
import { PayoutEnergy } from './payout-energy';
import { ReservationsService } from './reservations.service';
import { TransactionBuilder } from './transaction-builder';
import { TransactionsRepository } from './transactions.repository';
import { TxOutcomes } from './tx-outcomes';

type Step = 'again' | { next: Date | null; outcome: 'done' | 'waiting' | 'retry' };

/** A transaction this close to its expiration is not signed: a new one is built instead. */
const MIN_SIGNING_WINDOW_MS = 5_000;
const MAX_STEPS = 12;
const MAX_HOLD_RECHECK_MS = 30_000;

const later = (ms: number): Date => new Date(Date.now() + ms);

/**
 * Runs one payout as far as it can go now, from what the database says, so that a crash at any
 * point (or a second runner) resumes where it stopped: reserve -> build (bytes and txid stored) ->
 * sign through the wallet's policy -> store the signature -> broadcast those bytes through
 * tron-client -> follow it. Every step is a conditional move; the same bytes are sent again and
 * again until tron-client or the chain proves them off chain, and only then is a new transaction built.
 */
@Injectable()
export class PayoutExecutor {
  private readonly logger = new Logger('PayoutExecutor');

  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly reservations: ReservationsService,
    private readonly builder: TransactionBuilder,
    private readonly outcomes: TxOutcomes,
    private readonly work: PayoutWork,
    private readonly chain: Chain,
    private readonly wallet: WalletPort,
    private readonly failpoints: Failpoints,
    private readonly metrics: PayoutMetrics,
    private readonly gate: RestoreGate,
    private readonly energy: PayoutEnergy,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  async run(id: string): Promise<void> {
    const started = process.hrtime.bigint();
    const before = await this.payouts.find(this.payouts.db, id);
    if (!before) return;
    let result: Exclude<Step, 'again'>;
    try {
      result = await this.advance(id);
    } catch (e) {
      const message = `payout ${id}: ${(e as Error).message} (retried)`;
      if (e instanceof DependencyError) this.logger.warn(message);
      else this.logger.error(message);
      result = { next: later(this.settings.execution.retryDelayMs), outcome: 'retry' };
    }
    await this.payouts.scheduleNext(id, result.next, before.next_run_at);
    this.metrics.job(result.outcome, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async advance(id: string): Promise<Exclude<Step, 'again'>> {
    for (let i = 0; i < MAX_STEPS; i++) {
      const p = await this.payouts.find(this.payouts.db, id);
      const step = p ? await this.step(p) : { next: null, outcome: 'done' as const };
      if (step !== 'again') return step;
    }
    return { next: new Date(), outcome: 'retry' };
  }

  private async step(p: PayoutRow): Promise<Step> {
    if (p.status !== 'queued' && p.status !== 'signed' && p.status !== 'broadcast') return { next: null, outcome: 'done' };
    // Restored from a backup: it may have been paid since. Its stored bytes may go (the same
    // txid), but nothing new is reserved or built until the chain has been searched for it.
    if (p.status === 'queued' && (await this.gate.holding(p)) && !(await this.transactions.live(this.payouts.db, p.id))) return this.heldForRestore(p);
    if (p.status === 'queued' && !p.reserved_at) {
      const r = await this.reservations.reserve(p);
      return r === 'held' ? this.waiting(p.id) : 'again';
    }
    const live = await this.transactions.live(this.payouts.db, p.id);
    if (!live) {
      if (p.status !== 'queued') throw new Error(`payout ${p.id} is ${p.status} without a live transaction`);
      return this.build(p);
    }
    switch (live.status) {
      case 'built':
        return this.sign(p, live);
      case 'signed':
        return this.broadcast(p, live);
      case 'sent':
        return this.follow(p, live);
      case 'refused':
        return (await this.outcomes.settleRefused(live, await this.chain.txChainStatus(live.tx_id)))
          ? 'again'
          : { next: later(this.settings.execution.retryDelayMs), outcome: 'waiting' };
      default:
        throw new Error(`transaction ${live.tx_id} is ${live.status}`);
    }
  }

  /**
   * A held payout is looked at again after half the time it has waited so far (at least the retry
   * delay, at most MAX_HOLD_RECHECK_MS): a few held payouts are retried promptly, thousands
   * waiting for a top-up do not hammer the wallet and the chain.
   */
  private async waiting(id: string): Promise<Step> {
    const p = await this.payouts.find(this.payouts.db, id);
    const held = p?.held_since ? Date.now() - p.held_since.getTime() : 0;
    return { next: later(Math.min(MAX_HOLD_RECHECK_MS, Math.max(this.settings.execution.retryDelayMs, held / 2))), outcome: 'waiting' };
  }

  private async heldForRestore(p: PayoutRow): Promise<Step> {
    if (p.hold_reason !== RESTORE_HOLD) {
      const held = await this.work.run((tx) =>
        this.payouts.update(tx, p.id, 'queued', {
          hold_reason: RESTORE_HOLD,
          failure_detail: 'open in the backup this database was restored from: it may have been paid since, so it waits for the search of the chain since the backup (docs/runbook-backup.md)',
        }),
      );
      if (held) this.metrics.held(RESTORE_HOLD);
    }
    // The end of the search lets it go at once; this is the fallback look.
    return { next: later(MAX_HOLD_RECHECK_MS), outcome: 'waiting' };
  }

  private async build(p: PayoutRow): Promise<Step> {
    // A USDT transfer is built once its energy is there (delegated to the hot wallet), never before.
    const energy = await this.energy.prepare(p);
    if (energy.kind === 'wait') {
      const held = await this.reservations.hold(p.id, energy.reason, energy.detail);
      return held === 'held' ? this.waiting(p.id) : 'again';
    }
    const built = await this.builder.build(p);
    await this.work.run(async (tx, fx) => {
      const cur = await this.payouts.findForUpdate(tx, p.id);
      if (!cur || cur.status !== 'queued' || (await this.transactions.live(tx, p.id))) return;
      if (built.kind === 'fee_above_cap') {
        await this.work.move(tx, fx, cur, 'failed', { failure_reason: 'fee_above_cap', failure_detail: built.detail, finished_at: new Date(), next_run_at: null });
        return;
      }
      // The bytes and their txid are recorded before anyone signs them.
      await this.transactions.insert(tx, {
        tx_id: built.tx.txID,
        payout_id: p.id,
        attempt: await this.transactions.nextAttempt(tx, p.id),
        status: 'built',
        raw_data_hex: built.tx.raw_data_hex,
        expiration: built.expiration,
        fee_limit: built.feeLimit?.toString() ?? null,
        ref_block: built.refBlock,
      });
      fx.transactions.push('built');
    });
    return 'again';
  }

  private async sign(p: PayoutRow, t: PayoutTxRow): Promise<Step> {
    if (t.expiration.getTime() - Date.now() < MIN_SIGNING_WINDOW_MS) {
      // Never signed and stored, so never sent: it can be let go and another built.
      await this.work.run(async (tx, fx) => {
        if (await this.transactions.move(tx, t.tx_id, ['built'], { status: 'abandoned', reason: 'too close to its expiration to be signed', finished_at: new Date() })) fx.transactions.push('abandoned');
      });
      return 'again';
    }
    this.failpoints.hit('before-sign');
    let signed;
    try {
      signed = await this.wallet.sign(p.hot_wallet_id as string, { txId: t.tx_id, rawDataHex: t.raw_data_hex }, p.id);
    } catch (e) {
      if (e instanceof DependencyError && e.code === 'locked') {
        await this.reservations.hold(p.id, 'wallet_locked', 'the wallet service is locked: an operator must unlock it');
        return this.waiting(p.id);
      }
      // The wallet could not ask us what the payout is (a slow answer reads as "no payout"): ask again later.
      if (e instanceof DependencyError && e.code === 'policy_refused' && /no payout found/.test(e.message)) throw e;
      if (e instanceof DependencyError && (e.code === 'policy_refused' || e.code === 'wallet_not_found')) return this.refusedSigning(p, t, e.message);
      throw e;
    }
    if (signed.txId.toLowerCase() !== t.tx_id) throw new Error(`the wallet signed ${signed.txId}, not ${t.tx_id}`);
    this.failpoints.hit('after-sign');
    await this.work.run(async (tx, fx) => {
      const cur = await this.payouts.findForUpdate(tx, p.id);
      // Cancelled while the wallet signed: the signature is dropped, so these bytes are never sent.
      if (!cur || cur.status !== 'queued') return;
      const stored = await this.transactions.move(tx, t.tx_id, ['built'], { status: 'signed', signatures: signed.signatures, signed_at: new Date() });
      if (!stored) return;
      fx.transactions.push('signed');
      await this.work.move(tx, fx, cur, 'signed', { tx_id: t.tx_id, signed_at: new Date(), hold_reason: null, failure_detail: null });
    });
    return 'again';
  }

  private async refusedSigning(p: PayoutRow, t: PayoutTxRow, why: string): Promise<Step> {
    await this.work.run(async (tx, fx) => {
      const cur = await this.payouts.findForUpdate(tx, p.id);
      if (!cur || cur.status !== 'queued') return;
      if (await this.transactions.move(tx, t.tx_id, ['built'], { status: 'abandoned', reason: why, finished_at: new Date() })) fx.transactions.push('abandoned');
      await this.work.move(tx, fx, cur, 'failed', { failure_reason: 'signing_refused', failure_detail: why, finished_at: new Date(), next_run_at: null });
    });
    return { next: null, outcome: 'done' };
  }

  private async broadcast(p: PayoutRow, t: PayoutTxRow): Promise<Step> {
    this.failpoints.hit('after-store');
    const record = await this.chain.broadcast({ txId: t.tx_id, rawDataHex: t.raw_data_hex, signatures: t.signatures ?? [] }, p.id);
    this.failpoints.hit('after-broadcast');
    if (await this.settle(t, record)) return 'again';
    await this.work.run(async (tx, fx) => {
      const cur = await this.payouts.findForUpdate(tx, p.id);
      if (!cur) return;
      if (await this.transactions.move(tx, t.tx_id, ['signed'], { status: 'sent', sent_at: new Date() })) fx.transactions.push('sent');
      if (cur.status === 'signed') await this.work.move(tx, fx, cur, 'broadcast', { broadcast_at: new Date() });
    });
    return { next: later(this.settings.execution.reconcileIntervalMs), outcome: 'done' };
  }

  /** Besides tron-client's events: its record of the transaction, in case an event was missed. */
  private async follow(p: PayoutRow, t: PayoutTxRow): Promise<Step> {
    const record = await this.chain.txRecord(t.tx_id);
    if (!record) {
      // tron-client never stored it (or lost it): the same bytes again.
      await this.chain.broadcast({ txId: t.tx_id, rawDataHex: t.raw_data_hex, signatures: t.signatures ?? [] }, p.id);
      return { next: later(this.settings.execution.reconcileIntervalMs), outcome: 'done' };
    }
    if (await this.settle(t, record)) return 'again';
    return { next: later(this.settings.execution.reconcileIntervalMs), outcome: 'done' };
  }

  /** tron-client's final word on a transaction, applied; false while it is still open. */
  private async settle(t: PayoutTxRow, record: TxView): Promise<boolean> {
    if (record.status !== 'confirmed' && record.status !== 'failed' && record.status !== 'expired') return false;
    await this.outcomes.apply(t.tx_id, { status: record.status, blockNumber: record.blockNumber, fee: record.fee, resultCode: record.resultCode, reason: record.reason });
    return true;
  }
}
