import { Inject, Injectable } from '@nestjs/common';
import { Insertable, sql, Updateable } from 'kysely';
import type { PayoutApproval, PayoutRowStatus, PayoutTable } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { PayoutDb, payoutDb, PayoutTx } from '../payout.database';
import { COUNTED_STATUSES } from './payout-state';
import type { PayoutRow, PayoutTxRow } from './payout.view';

type Reader = PayoutDb | PayoutTx;

export interface ListCursor {
  createdAt: Date;
  id: string;
}

/** Payouts and their approvals. Amounts are numeric(78,0): decimal strings here, bigints in the services. */
@Injectable()
export class PayoutsRepository {
  readonly db: PayoutDb;

  constructor(@Inject(Database) database: Database) {
    this.db = payoutDb(database);
  }

  /**
   * Transaction-scoped advisory locks, taken in the order given (callers keep one order: key,
   * destination, recipient, hot wallet), so checks over many rows (a rolling total) are serialized.
   */
  async lock(tx: PayoutTx, ...keys: string[]): Promise<void> {
    for (const key of keys) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
  }

  byIdempotencyKeys(db: Reader, keys: string[]): Promise<PayoutRow[]> {
    if (!keys.length) return Promise.resolve([]);
    return db.selectFrom('payouts').selectAll().where('idempotency_key', 'in', keys).execute();
  }

  /** What counts toward a 24 h limit: payouts of that recipient (or to that destination), same currency, not refused. */
  async rollingTotal(tx: PayoutTx, currency: 'TRX' | 'USDT', by: 'recipient_id' | 'destination', value: string): Promise<bigint> {
    const r = await tx
      .selectFrom('payouts')
      .select(sql<string>`coalesce(sum(amount), 0)::text`.as('total'))
      .where(by, '=', value)
      .where('currency', '=', currency)
      .where('created_at', '>', sql<Date>`now() - interval '24 hours'`)
      .where('status', 'in', [...COUNTED_STATUSES])
      .executeTakeFirstOrThrow();
    return BigInt(r.total);
  }

  async insert(tx: PayoutTx, row: Insertable<PayoutTable>): Promise<PayoutRow> {
    return tx.insertInto('payouts').values(row).returningAll().executeTakeFirstOrThrow();
  }

  find(db: Reader, id: string): Promise<PayoutRow | undefined> {
    return db.selectFrom('payouts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findForUpdate(tx: PayoutTx, id: string): Promise<PayoutRow | undefined> {
    return tx.selectFrom('payouts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** A conditional update: only while the payout is still in `from` (the caller holds the row lock; this is the second guard). */
  async update(tx: PayoutTx, id: string, from: PayoutRowStatus, patch: Updateable<PayoutTable>): Promise<PayoutRow | undefined> {
    return tx
      .updateTable('payouts')
      .set({ ...patch, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', from)
      .returningAll()
      .executeTakeFirst();
  }

  async approvalsOf(db: Reader, ids: string[]): Promise<Map<string, PayoutApproval[]>> {
    const out = new Map<string, PayoutApproval[]>();
    if (!ids.length) return out;
    const rows = await db.selectFrom('payout_approvals').selectAll().where('payout_id', 'in', ids).orderBy('approved_at').orderBy('approver').execute();
    for (const r of rows) {
      const list = out.get(r.payout_id) ?? [];
      list.push({ by: r.approver, at: r.approved_at.toISOString() });
      out.set(r.payout_id, list);
    }
    return out;
  }

  async transactionsOf(db: Reader, ids: string[]): Promise<Map<string, PayoutTxRow[]>> {
    const out = new Map<string, PayoutTxRow[]>();
    if (!ids.length) return out;
    const rows = await db.selectFrom('payout_transactions').selectAll().where('payout_id', 'in', ids).orderBy('attempt').execute();
    for (const r of rows) {
      const list = out.get(r.payout_id) ?? [];
      list.push(r);
      out.set(r.payout_id, list);
    }
    return out;
  }

  /** False when this approver had already approved it (the primary key says so, not a prior read). */
  async addApproval(tx: PayoutTx, payoutId: string, approver: string): Promise<boolean> {
    const r = await tx
      .insertInto('payout_approvals')
      .values({ payout_id: payoutId, approver })
      .onConflict((oc) => oc.columns(['payout_id', 'approver']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async countApprovals(tx: PayoutTx, payoutId: string): Promise<number> {
    const r = await tx.selectFrom('payout_approvals').select(sql<number>`count(*)::int`.as('n')).where('payout_id', '=', payoutId).executeTakeFirstOrThrow();
    return r.n;
  }

  list(status: PayoutRowStatus | undefined, limit: number, cursor: ListCursor | null): Promise<PayoutRow[]> {
    let q = this.db.selectFrom('payouts').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
    if (status) q = q.where('status', '=', status);
    if (cursor) q = q.where((eb) => eb.or([eb('created_at', '<', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)])]));
    return q.execute();
  }

  /**
   * Hands due payouts to the queue: each claimed row's next look is pushed `leaseMs` out, so a
   * job the queue lost is handed over again after that (`for update skip locked`: replicas share).
   */
  async claimDue(limit: number, leaseMs: number): Promise<string[]> {
    const rows = await this.db
      .updateTable('payouts')
      .set({ next_run_at: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('payouts')
          .select('id')
          .where('next_run_at', '<=', sql<Date>`now()`)
          .orderBy('next_run_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** The next look, unless something (a chain event) asked for an earlier one while the job ran. */
  async scheduleNext(id: string, next: Date | null, seen: Date | null): Promise<void> {
    await this.db
      .updateTable('payouts')
      .set({ next_run_at: next })
      .where('id', '=', id)
      .where(sql<boolean>`next_run_at is not distinct from ${seen}`)
      .execute();
  }
}
