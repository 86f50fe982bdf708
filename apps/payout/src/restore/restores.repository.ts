import { Inject, Injectable } from '@nestjs/common';
import { Selectable, sql } from 'kysely';
import { LIVE_TX_STATUSES, PayoutRestoreTable } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { PayoutDb, payoutDb, PayoutTx } from '../payout.database';
import type { RestoredPayout } from './assign-gap-transfers';
import type { GapTransfer } from './gap-transfer';

export type RestoreRow = Selectable<PayoutRestoreTable>;

/** Statuses a payout may leave for a transaction of the gap (final ones keep what they say). */
export const OPEN_AT_RESTORE = ['pending_approval', 'queued', 'signed', 'broadcast'] as const;
export const HOLD_REASON = 'restore_reconciliation';

/** Restores from a backup, the transfers found on chain since, and the payouts they may have paid. */
@Injectable()
export class RestoresRepository {
  readonly db: PayoutDb;

  constructor(@Inject(Database) database: Database) {
    this.db = payoutDb(database);
  }

  /** The oldest restore whose search has not ended; undefined: nothing to hold. */
  open(): Promise<RestoreRow | undefined> {
    return this.db.selectFrom('restores').selectAll().where('finished_at', 'is', null).orderBy('id').limit(1).executeTakeFirst();
  }

  latest(): Promise<RestoreRow | undefined> {
    return this.db.selectFrom('restores').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** The first block to search and the search's end in time, each set once (replicas may race: the first wins). */
  async prepare(id: string, patch: { search_until?: Date; from_block?: number }): Promise<RestoreRow | undefined> {
    if (patch.search_until) await this.db.updateTable('restores').set({ search_until: patch.search_until }).where('id', '=', id).where('search_until', 'is', null).execute();
    if (patch.from_block !== undefined) {
      await this.db.updateTable('restores').set({ from_block: patch.from_block, searched_to: patch.from_block - 1 }).where('id', '=', id).where('from_block', 'is', null).execute();
    }
    return this.db.selectFrom('restores').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Records blocks up to `toBlock` as searched, with what was found in them that the backup does
   * not know (a transaction stored for a payout is that payout's, and followed as such). Only if
   * no other replica recorded them first; the row as it is now, or undefined if one did.
   */
  async recordSearch(r: RestoreRow, toBlock: number, toTime: Date, found: GapTransfer[]): Promise<RestoreRow | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const moved = await tx
        .updateTable('restores')
        .set({ searched_to: toBlock, searched_to_time: toTime })
        .where('id', '=', r.id)
        .where('searched_to', '=', r.searched_to as string)
        .returningAll()
        .executeTakeFirst();
      if (!moved) return undefined;
      const known = found.length ? new Set((await tx.selectFrom('payout_transactions').select('tx_id').where('tx_id', 'in', found.map((f) => f.txId)).execute()).map((k) => k.tx_id)) : new Set<string>();
      const rows = found
        .filter((f) => !known.has(f.txId))
        .map((f) => ({
          tx_id: f.txId,
          restore_id: r.id,
          block_number: f.blockNumber,
          block_time: new Date(f.blockTimestamp),
          sender: f.sender,
          currency: f.currency,
          destination: f.destination,
          amount: f.amount.toString(),
          contract_ret: f.contractRet,
          raw_data_hex: f.rawDataHex,
          signatures: f.signatures,
        }));
      if (rows.length) await tx.insertInto('restore_transactions').values(rows).onConflict((oc) => oc.column('tx_id').doNothing()).execute();
      return moved;
    });
  }

  /** Hot wallets payouts were reserved against, as the payouts recorded them. */
  async payoutHotWallets(): Promise<Array<{ id: string; address: string }>> {
    const rows = await this.db
      .selectFrom('payouts')
      .select(['hot_wallet_id', 'hot_wallet_address'])
      .distinct()
      .where('hot_wallet_id', 'is not', null)
      .where('hot_wallet_address', 'is not', null)
      .execute();
    return rows.map((r) => ({ id: r.hot_wallet_id as string, address: r.hot_wallet_address as string }));
  }

  unmatched(restoreId: string) {
    return this.db.selectFrom('restore_transactions').selectAll().where('restore_id', '=', restoreId).where('payout_id', 'is', null).orderBy('block_number').orderBy('tx_id').execute();
  }

  /** The payouts of the backup still open and not yet tied to a transfer of the gap, each with whether a stored transaction of its own may land. */
  async restoredOpen(payoutsBefore: Date): Promise<RestoredPayout[]> {
    const rows = await this.db
      .selectFrom('payouts as p')
      .select(['p.id', 'p.created_at', 'p.currency', 'p.destination', 'p.amount', 'p.hot_wallet_address'])
      .select((eb) =>
        eb
          .exists(eb.selectFrom('payout_transactions as t').select('t.tx_id').whereRef('t.payout_id', '=', 'p.id').where('t.status', 'in', [...LIVE_TX_STATUSES]))
          .as('live'),
      )
      .where('p.created_at', '<=', payoutsBefore)
      .where('p.status', 'in', [...OPEN_AT_RESTORE])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('restore_transactions as r').select('r.tx_id').whereRef('r.payout_id', '=', 'p.id'))))
      .execute();
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      currency: r.currency,
      destination: r.destination,
      amount: BigInt(r.amount),
      hotWalletAddress: r.hot_wallet_address,
      // A signed or broadcast payout has one by the state machine's constraint; a queued one may have built bytes.
      live: Boolean(r.live),
    }));
  }

  /** Ties a transfer to the payout it paid; false when it was tied already. */
  async claim(tx: PayoutTx, txId: string, payoutId: string): Promise<boolean> {
    const r = await tx.updateTable('restore_transactions').set({ payout_id: payoutId }).where('tx_id', '=', txId).where('payout_id', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async counts(restoreId: string): Promise<{ found: number; matched: number }> {
    const r = await this.db
      .selectFrom('restore_transactions')
      .select([sql<number>`count(*)::int`.as('found'), sql<number>`count(payout_id)::int`.as('matched')])
      .where('restore_id', '=', restoreId)
      .executeTakeFirstOrThrow();
    return r;
  }

  /** Ends the search and lets the payouts it held go at once (in one transaction: none stays held). */
  async finish(id: string, summary: string): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const done = await tx.updateTable('restores').set({ finished_at: new Date(), summary }).where('id', '=', id).where('finished_at', 'is', null).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) return 0;
      const released = await tx
        .updateTable('payouts')
        .set({ next_run_at: sql`now()`, hold_reason: null, failure_detail: null, updated_at: new Date() })
        .where('status', '=', 'queued')
        .where('hold_reason', '=', HOLD_REASON)
        .executeTakeFirst();
      return Number(released.numUpdatedRows);
    });
  }
}
