import { Injectable, Logger } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { PayoutRestoreTransactionTable } from '@tronpay/models';
import { Chain } from '../chain/chain.port';
import { TransactionsRepository } from '../execution/transactions.repository';
import { TxOutcomes } from '../execution/tx-outcomes';
import { PayoutWork } from '../payouts/payout-work';
import { PayoutsRepository } from '../payouts/payouts.repository';
import { transactionFacts } from './gap-transfer';
import { RestoresRepository } from './restores.repository';

type FoundRow = Selectable<PayoutRestoreTransactionTable>;

/**
 * Records a transfer of the gap as the transaction of the payout it paid, and ends the payout as
 * the chain ended it: as if the restored system had built, signed and sent it itself. The payout
 * moves queued -> signed (with that transaction) -> confirmed or failed, with the same webhooks
 * (`payout.broadcast`, then `payout.confirmed`); a payout pending approval was approved in the gap.
 */
@Injectable()
export class GapSettlement {
  private readonly logger = new Logger('GapSettlement');

  constructor(
    private readonly repository: RestoresRepository,
    private readonly payouts: PayoutsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly outcomes: TxOutcomes,
    private readonly work: PayoutWork,
    private readonly chain: Chain,
  ) {}

  /** False when it cannot be done now (the chain's record not readable, the payout moved on): the next round decides again. */
  async settle(found: FoundRow, payoutId: string, hotWalletId: string): Promise<boolean> {
    // Its receipt and fee, from the solidified chain (the search read only solidified blocks).
    const status = await this.chain.txChainStatus(found.tx_id);
    if (status.solidBlock === null || status.result === null) return false;
    const facts = transactionFacts(found.raw_data_hex, Number(found.block_number));
    const done = await this.work.run(async (tx, fx) => {
      let p = await this.payouts.findForUpdate(tx, payoutId);
      if (!p || (p.status !== 'pending_approval' && p.status !== 'queued')) return false;
      if (await this.transactions.live(tx, p.id)) return false;
      if (!(await this.repository.claim(tx, found.tx_id, p.id))) return false;
      const now = new Date();
      if (p.status === 'pending_approval') p = await this.work.move(tx, fx, p, 'queued', { queued_at: now });
      // Reserved against the wallet that paid it, so the hour's velocity counts it.
      const reserved = await this.payouts.update(tx, p.id, 'queued', {
        hot_wallet_id: p.hot_wallet_id ?? hotWalletId,
        hot_wallet_address: found.sender,
        reserved_at: p.reserved_at ?? now,
        hold_reason: null,
        held_since: null,
        failure_detail: null,
      });
      // From here on a surprise rolls everything back, the claim with it.
      if (!reserved) throw new Error(`payout ${p.id} left queued under its lock`);
      await this.transactions.insert(tx, {
        tx_id: found.tx_id,
        payout_id: p.id,
        attempt: await this.transactions.nextAttempt(tx, p.id),
        status: 'signed',
        raw_data_hex: found.raw_data_hex,
        signatures: found.signatures,
        expiration: facts.expiration,
        fee_limit: facts.feeLimit,
        ref_block: facts.refBlock,
        signed_at: now,
      });
      await this.work.move(tx, fx, reserved, 'signed', { tx_id: found.tx_id, signed_at: now });
      const ended = await this.outcomes.applyIn(tx, fx, found.tx_id, {
        status: status.result === 'SUCCESS' ? 'confirmed' : 'failed',
        blockNumber: status.solidBlock,
        fee: status.fee?.toString() ?? null,
        resultCode: status.result,
        reason: status.reason,
      });
      if (!ended) throw new Error(`transaction ${found.tx_id} of payout ${p.id} could not be ended`);
      return true;
    });
    if (done) this.logger.log(`payout ${payoutId} was paid after the backup by ${found.tx_id} (block ${found.block_number}): recorded, not sent again`);
    return done;
  }
}
