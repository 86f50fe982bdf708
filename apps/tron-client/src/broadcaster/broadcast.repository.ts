import { Inject, Injectable } from '@nestjs/common';
import { Kysely, Selectable, sql, Transaction } from 'kysely';
import type { BroadcastSchema, BroadcastStatus, BroadcastTable, TxEvent, TxView } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export type BroadcastRow = Selectable<BroadcastTable>;

export interface NewBroadcast {
  txId: string;
  rawDataHex: string;
  signatures: string[];
  contractType: string;
  owner: string;
  expiration: Date;
  reference: string | null;
  requestedBy: string;
  /** The caller sends the first time itself: the follower leaves the row alone this long. */
  leaseMs: number;
}

export interface Finish {
  status: 'confirmed' | 'failed' | 'expired';
  reason: string | null;
  resultCode: string | null;
  blockNumber: number | null;
  fee: string | null;
}

const OPEN: BroadcastStatus[] = ['pending', 'broadcast'];
const inMs = (ms: number) => sql<Date>`now() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;

export function toView(row: BroadcastRow): TxView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    txId: row.tx_id,
    status: row.status,
    contractType: row.contract_type,
    owner: row.owner_address,
    expiration: row.expiration.toISOString(),
    reason: row.reason,
    resultCode: row.result_code,
    blockNumber: row.block_number === null ? null : Number(row.block_number),
    fee: row.fee,
    attempts: row.attempts,
    lastError: row.last_error,
    reference: row.reference,
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    broadcastAt: iso(row.broadcast_at),
    finishedAt: iso(row.finished_at),
  };
}

/**
 * The `broadcasts` table. Every state change is a conditional update (`where status in (open)`),
 * so whichever replica or handler gets there first makes it, once; a final state is written with
 * its event in the shared `outbox`, in one transaction.
 */
@Injectable()
export class BroadcastRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  private get db(): Kysely<BroadcastSchema> {
    return this.database.db as unknown as Kysely<BroadcastSchema>;
  }

  /** Stores the signed bytes; false when the txid is already stored (whatever its state). */
  async insert(tx: NewBroadcast): Promise<boolean> {
    const row = await this.db
      .insertInto('broadcasts')
      .values({
        tx_id: tx.txId,
        raw_data_hex: tx.rawDataHex,
        signatures: tx.signatures,
        contract_type: tx.contractType,
        owner_address: tx.owner,
        expiration: tx.expiration,
        status: 'pending',
        reason: null,
        result_code: null,
        fee: null,
        last_error: null,
        reference: tx.reference,
        requested_by: tx.requestedBy,
        broadcast_at: null,
        finished_at: null,
        last_attempt_at: null,
        next_check_at: inMs(tx.leaseMs),
      })
      .onConflict((oc) => oc.column('tx_id').doNothing())
      .returning('tx_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async find(txId: string): Promise<BroadcastRow | undefined> {
    return this.db.selectFrom('broadcasts').selectAll().where('tx_id', '=', txId.toLowerCase()).executeTakeFirst();
  }

  /** Counts the send about to happen; its number, or null when the row is no longer open. */
  async startAttempt(txId: string): Promise<number | null> {
    const row = await this.db
      .updateTable('broadcasts')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_attempt_at: sql<Date>`now()`, updated_at: sql<Date>`now()` }))
      .where('tx_id', '=', txId)
      .where('status', 'in', OPEN)
      .returning('attempts')
      .executeTakeFirst();
    return row ? row.attempts : null;
  }

  /** A node accepted it (or already had it). */
  async markAccepted(txId: string, nextCheckMs: number): Promise<void> {
    await this.db
      .updateTable('broadcasts')
      .set({
        status: 'broadcast',
        maybe_delivered: true,
        last_error: null,
        broadcast_at: sql<Date>`coalesce(broadcast_at, now())`,
        next_check_at: inMs(nextCheckMs),
        updated_at: sql<Date>`now()`,
      })
      .where('tx_id', '=', txId)
      .where('status', 'in', OPEN)
      .execute();
  }

  /** The send did not (clearly) get through: try again after `retryMs`. */
  async markRetry(txId: string, error: string, retryMs: number, maybeDelivered: boolean): Promise<void> {
    await this.db
      .updateTable('broadcasts')
      .set((eb) => ({
        last_error: error.slice(0, 1000),
        maybe_delivered: maybeDelivered ? true : eb.ref('maybe_delivered'),
        next_check_at: inMs(retryMs),
        updated_at: sql<Date>`now()`,
      }))
      .where('tx_id', '=', txId)
      .where('status', 'in', OPEN)
      .execute();
  }

  async setSeenBlock(txId: string, block: number | null, nextCheckMs: number): Promise<void> {
    await this.db
      .updateTable('broadcasts')
      .set({ seen_block: block, next_check_at: inMs(nextCheckMs), updated_at: sql<Date>`now()` })
      .where('tx_id', '=', txId)
      .where('status', 'in', OPEN)
      .execute();
  }

  async reschedule(txId: string, nextCheckMs: number): Promise<void> {
    await this.db
      .updateTable('broadcasts')
      .set({ next_check_at: inMs(nextCheckMs) })
      .where('tx_id', '=', txId)
      .where('status', 'in', OPEN)
      .execute();
  }

  /**
   * Moves an open transaction to its final state and writes its event, in one transaction.
   * `onlyIfFirstSend`: a refusal at broadcast is final only when no send may have reached a node
   * and no other send started since (`attempts = attempt`). Returns the row when this call made
   * the change, undefined when it was already final (or the condition failed).
   */
  async finish(
    txId: string,
    f: Finish,
    event: (row: BroadcastRow) => TxEvent,
    onlyIfFirstSend?: { attempt: number },
  ): Promise<BroadcastRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      let q = trx
        .updateTable('broadcasts')
        .set({
          status: f.status,
          reason: f.reason,
          result_code: f.resultCode,
          block_number: f.blockNumber,
          fee: f.fee,
          finished_at: sql<Date>`now()`,
          updated_at: sql<Date>`now()`,
        })
        .where('tx_id', '=', txId)
        .where('status', 'in', OPEN);
      if (onlyIfFirstSend) q = q.where('maybe_delivered', '=', false).where('attempts', '=', onlyIfFirstSend.attempt);
      const row = await q.returningAll().executeTakeFirst();
      if (!row) return undefined;
      await this.writeEvent(trx, event(row));
      return row;
    });
  }

  private async writeEvent(trx: Transaction<BroadcastSchema>, event: TxEvent): Promise<void> {
    await trx
      .insertInto('outbox')
      .values({ event_id: event.eventId, pattern: `tx.${event.status}`, payload: JSON.stringify(event) })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }

  /**
   * Claims up to `limit` open rows that are due, for `leaseMs` (other replicas skip locked rows
   * and then see the new `next_check_at`). Rows seen in a head block wait, without node calls,
   * until the solidified height reaches that block.
   */
  async claimDue(limit: number, leaseMs: number, solidNumber: number): Promise<BroadcastRow[]> {
    return this.db
      .updateTable('broadcasts')
      .set({ next_check_at: inMs(leaseMs) })
      .where('tx_id', 'in', (eb) =>
        eb
          .selectFrom('broadcasts')
          .select('tx_id')
          .where('status', 'in', OPEN)
          .where('next_check_at', '<=', sql<Date>`now()`)
          .where((w) => w.or([w('seen_block', 'is', null), w('seen_block', '<=', String(solidNumber))]))
          .orderBy('next_check_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .where('status', 'in', OPEN)
      .returningAll()
      .execute();
  }

  /** Open transactions by status (the partial index: final rows are never counted). */
  async countOpen(): Promise<{ pending: number; broadcast: number }> {
    const rows = await this.db
      .selectFrom('broadcasts')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', 'in', OPEN)
      .groupBy('status')
      .execute();
    const out = { pending: 0, broadcast: 0 };
    for (const r of rows) if (r.status === 'pending' || r.status === 'broadcast') out[r.status] = Number(r.n);
    return out;
  }
}
