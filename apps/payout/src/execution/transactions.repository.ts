import { Inject, Injectable } from '@nestjs/common';
import { Insertable, sql, Updateable } from 'kysely';
import { LIVE_TX_STATUSES, PayoutTransactionTable, PayoutTxStatus } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { PayoutDb, payoutDb, PayoutTx } from '../payout.database';
import type { PayoutTxRow } from '../payouts/payout.view';

type Reader = PayoutDb | PayoutTx;

/** The transactions of payouts: at most one live (may still land) per payout, by a unique index. */
@Injectable()
export class TransactionsRepository {
  readonly db: PayoutDb;

  constructor(@Inject(Database) database: Database) {
    this.db = payoutDb(database);
  }

  live(db: Reader, payoutId: string): Promise<PayoutTxRow | undefined> {
    return db.selectFrom('payout_transactions').selectAll().where('payout_id', '=', payoutId).where('status', 'in', [...LIVE_TX_STATUSES]).executeTakeFirst();
  }

  async nextAttempt(tx: PayoutDb | PayoutTx, payoutId: string): Promise<number> {
    const r = await tx.selectFrom('payout_transactions').select(sql<number>`coalesce(max(attempt), 0)::int + 1`.as('n')).where('payout_id', '=', payoutId).executeTakeFirstOrThrow();
    return r.n;
  }

  async insert(tx: PayoutTx, row: Insertable<PayoutTransactionTable>): Promise<PayoutTxRow> {
    return tx.insertInto('payout_transactions').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findForUpdate(tx: PayoutTx, txId: string): Promise<PayoutTxRow | undefined> {
    return tx.selectFrom('payout_transactions').selectAll().where('tx_id', '=', txId.toLowerCase()).forUpdate().executeTakeFirst();
  }

  /** Moves one transaction on, only from the statuses given; undefined when it was elsewhere already. */
  async move(tx: PayoutTx, txId: string, from: readonly PayoutTxStatus[], patch: Updateable<PayoutTransactionTable>): Promise<PayoutTxRow | undefined> {
    return tx.updateTable('payout_transactions').set(patch).where('tx_id', '=', txId).where('status', 'in', [...from]).returningAll().executeTakeFirst();
  }
}
