import { Inject, Injectable, Logger } from '@nestjs/common';
import { LIVE_TX_STATUSES, PayoutFailureReason } from '@tronpay/models';
import type { TxChainStatus } from '../chain/chain.port';
import type { PayoutTx } from '../payout.database';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { Effects, PayoutWork } from '../payouts/payout-work';
import { PayoutsRepository } from '../payouts/payouts.repository';
import type { PayoutTxRow } from '../payouts/payout.view';
import { TransactionsRepository } from './transactions.repository';

/** What became of a transaction, from tron-client's record or event, or from the chain itself. */
export interface TxOutcome {
  status: 'confirmed' | 'failed' | 'expired';
  /** The block holding it; null when it never reached one (refused at broadcast, expired). */
  blockNumber: number | null;
  /** SUN burned */
  fee: string | null;
  resultCode: string | null;
  reason: string | null;
}

/**
 * Codes a node refuses a transaction with that say nothing about the payout itself: once that
 * transaction is proved off chain, a new one is built. Any other refusal ends the payout
 * `failed` (after the same proof), with its reason.
 */
const REBUILD_CODES = new Set(['TRANSACTION_EXPIRATION_ERROR', 'TAPOS_ERROR', 'DUP_TRANSACTION_ERROR', 'SERVER_BUSY', 'NO_CONNECTION', 'NOT_ENOUGH_EFFECTIVE_CONNECTION', 'BLOCK_UNSOLIDIFIED', 'OTHER_ERROR']);

function chainFailure(code: string | null): PayoutFailureReason {
  if (code === 'OUT_OF_ENERGY' || code === 'OUT_OF_TIME') return 'out_of_energy';
  if (code === 'REVERT') return 'contract_reverted';
  return 'failed_on_chain';
}

function refusalFailure(code: string | null, reason: string | null): PayoutFailureReason {
  if (code === 'BANDWITH_ERROR' || (code === 'CONTRACT_VALIDATE_ERROR' && /balance|not sufficient|insufficient/i.test(reason ?? ''))) return 'insufficient_balance';
  if (code === 'SIGERROR') return 'signing_refused';
  return 'rejected_by_chain';
}

/**
 * Applies the end of a payout's transaction, once: every move is conditional on the transaction
 * still being live, under its row lock and the payout's. A transaction confirmed or failed in a
 * block ends the payout; one proved off chain (expired, or refused and past its expiration on
 * the solidified chain) sends the payout back to `queued` for a new transaction.
 */
@Injectable()
export class TxOutcomes {
  private readonly logger = new Logger('TxOutcomes');

  constructor(
    private readonly transactions: TransactionsRepository,
    private readonly payouts: PayoutsRepository,
    private readonly work: PayoutWork,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  /** Returns false when the transaction is not a live one of ours (another service's, or already ended). */
  apply(txId: string, o: TxOutcome): Promise<boolean> {
    return this.work.run((tx, fx) => this.applyIn(tx, fx, txId, o));
  }

  async applyIn(tx: PayoutTx, fx: Effects, txId: string, o: TxOutcome): Promise<boolean> {
    const t = await this.transactions.findForUpdate(tx, txId);
    if (!t || !LIVE_TX_STATUSES.includes(t.status)) return false;
    const p = await this.payouts.findForUpdate(tx, t.payout_id);
    if (!p) return false;
    const now = new Date();
    if (o.status === 'confirmed') {
      await this.transactions.move(tx, t.tx_id, LIVE_TX_STATUSES, { status: 'confirmed', block_number: o.blockNumber, fee: o.fee, result_code: o.resultCode ?? 'SUCCESS', finished_at: now });
      fx.transactions.push('confirmed');
      await this.work.move(tx, fx, p, 'confirmed', { tx_id: t.tx_id, fee: o.fee, settled_block: o.blockNumber, finished_at: now, next_run_at: null, hold_reason: null });
      return true;
    }
    if (o.status === 'failed' && o.blockNumber !== null) {
      await this.transactions.move(tx, t.tx_id, LIVE_TX_STATUSES, { status: 'failed', block_number: o.blockNumber, fee: o.fee, result_code: o.resultCode, reason: o.reason, finished_at: now });
      fx.transactions.push('failed');
      await this.work.move(tx, fx, p, 'failed', {
        tx_id: t.tx_id,
        fee: o.fee,
        settled_block: o.blockNumber,
        failure_reason: chainFailure(o.resultCode),
        failure_detail: `the transaction failed on chain in block ${o.blockNumber}: ${o.reason ?? o.resultCode ?? 'no reason given'}`,
        finished_at: now,
        next_run_at: null,
      });
      return true;
    }
    if (o.status === 'failed') {
      // Refused when sent: that node's word is not proof it cannot land (another node, or the same
      // one, may hold it). It stays live until the chain says so; the job asks it.
      if (t.status === 'refused') return false;
      await this.transactions.move(tx, t.tx_id, LIVE_TX_STATUSES, { status: 'refused', result_code: o.resultCode, reason: o.reason });
      fx.transactions.push('refused');
      const patch = { tx_id: t.tx_id, next_run_at: new Date(now.getTime() + this.settings.execution.retryDelayMs) };
      if (p.status === 'signed') await this.work.move(tx, fx, p, 'broadcast', { ...patch, broadcast_at: now });
      else await this.payouts.update(tx, p.id, p.status, patch);
      return true;
    }
    return this.offChain(tx, fx, t, `expired: ${o.reason ?? 'not on chain when the solidified chain passed its expiration'}`);
  }

  /**
   * A refused transaction, as the chain sees it now: in a solidified block -> ended by its receipt;
   * unknown to the head and the solidified head past its expiration -> it can never land: the payout
   * gets a new transaction, or fails if the refusal was about the payout (balance, signature).
   * Otherwise it may still land: nothing changes.
   */
  settleRefused(t: PayoutTxRow, chain: TxChainStatus): Promise<boolean> {
    return this.work.run(async (tx, fx) => {
      if (chain.solidBlock !== null) {
        const ok = chain.result === 'SUCCESS';
        return this.applyIn(tx, fx, t.tx_id, {
          status: ok ? 'confirmed' : 'failed',
          blockNumber: chain.solidBlock,
          fee: chain.fee?.toString() ?? null,
          resultCode: chain.result,
          reason: chain.reason,
        });
      }
      if (chain.knownToHead || chain.solidHead.timestamp < t.expiration.getTime()) return false;
      const cur = await this.transactions.findForUpdate(tx, t.tx_id);
      if (!cur || cur.status !== 'refused') return false;
      if (REBUILD_CODES.has(cur.result_code ?? 'OTHER_ERROR')) return this.offChain(tx, fx, cur, `refused when sent (${cur.result_code}) and proved off chain`);
      const p = await this.payouts.findForUpdate(tx, cur.payout_id);
      if (!p) return false;
      const now = new Date();
      await this.transactions.move(tx, cur.tx_id, ['refused'], { status: 'failed', finished_at: now });
      fx.transactions.push('failed');
      await this.work.move(tx, fx, p, 'failed', {
        failure_reason: refusalFailure(cur.result_code, cur.reason),
        failure_detail: `the network refused the transaction (${cur.result_code}: ${cur.reason ?? ''}); it is proved off chain, nothing was sent`,
        finished_at: now,
        next_run_at: null,
      });
      return true;
    });
  }

  /** The transaction can never land: the payout goes back to `queued`, keeping its reservation, for a new one. */
  private async offChain(tx: PayoutTx, fx: Effects, t: PayoutTxRow, reason: string): Promise<boolean> {
    const p = await this.payouts.findForUpdate(tx, t.payout_id);
    if (!p || (p.status !== 'signed' && p.status !== 'broadcast')) return false;
    await this.transactions.move(tx, t.tx_id, LIVE_TX_STATUSES, { status: 'expired', reason, finished_at: new Date() });
    fx.transactions.push('expired');
    this.logger.log(`payout ${p.id}: transaction ${t.tx_id} is off chain (${reason}); a new one will be built`);
    await this.work.move(tx, fx, p, 'queued', { next_run_at: new Date(), hold_reason: null });
    return true;
  }
}
