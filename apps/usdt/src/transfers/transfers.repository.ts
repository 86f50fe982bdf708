import { Injectable } from '@nestjs/common';
import { Kysely, Selectable, sql } from 'kysely';
import type { UsdtSchema, UsdtTransferStatusColumn, UsdtTransferTable, UsdtTransferView } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export type TransferRow = Selectable<UsdtTransferTable>;

export interface NewTransfer {
  key: string;
  token: string;
  from: string;
  signer: Record<string, unknown>;
  to: string;
  amount: bigint;
  purpose: 'sweep' | 'payout';
  reference: string;
  assumeNewHolder: boolean;
  requestedFeeLimit: bigint | null;
  requestedBy: string;
}

export function transferView(r: TransferRow): UsdtTransferView {
  return {
    id: r.id,
    key: r.key,
    token: r.token,
    from: r.from_address,
    to: r.to_address,
    amount: r.amount,
    purpose: r.purpose,
    reference: r.reference,
    status: r.status,
    txId: r.tx_id,
    feeLimitSun: r.fee_limit,
    energyEstimate: r.energy_estimate === null ? null : Number(r.energy_estimate),
    bandwidthEstimate: r.bandwidth_estimate === null ? null : Number(r.bandwidth_estimate),
    fee: r.fee,
    resultCode: r.result_code,
    blockNumber: r.block_number === null ? null : Number(r.block_number),
    failureReason: r.failure_reason,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

@Injectable()
export class TransfersRepository {
  readonly db: Kysely<UsdtSchema>;

  constructor(database: Database) {
    this.db = database.db as Kysely<UsdtSchema>;
  }

  /** Inserts the transfer unless its key is taken; returns the row under that key either way. */
  async insert(t: NewTransfer): Promise<{ row: TransferRow; created: boolean }> {
    const row = await this.db
      .insertInto('transfers')
      .values({
        key: t.key,
        token: t.token,
        from_address: t.from,
        signer: JSON.stringify(t.signer),
        to_address: t.to,
        amount: t.amount.toString(),
        purpose: t.purpose,
        reference: t.reference,
        assume_new_holder: t.assumeNewHolder,
        requested_fee_limit: t.requestedFeeLimit?.toString() ?? null,
        status: 'building',
        requested_by: t.requestedBy,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return { row, created: true };
    return { row: (await this.byKey(t.key)) as TransferRow, created: false };
  }

  byKey(key: string): Promise<TransferRow | undefined> {
    return this.db.selectFrom('transfers').selectAll().where('key', '=', key).executeTakeFirst();
  }

  /** The signed bytes, stored before anything is sent; only the first signer of a still-building row wins. */
  async storeSigned(
    id: string,
    s: { txId: string; transaction: Record<string, unknown>; expiration: Date; feeLimit: bigint | null; energy: number | null; bandwidth: number },
  ): Promise<TransferRow | undefined> {
    return this.db
      .updateTable('transfers')
      .set({
        status: 'signed',
        tx_id: s.txId,
        transaction: JSON.stringify(s.transaction),
        expiration: s.expiration,
        fee_limit: s.feeLimit?.toString() ?? null,
        energy_estimate: s.energy,
        bandwidth_estimate: s.bandwidth,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('status', '=', 'building')
      .returningAll()
      .executeTakeFirst();
  }

  async refuse(id: string, reason: string): Promise<TransferRow | undefined> {
    return this.db
      .updateTable('transfers')
      .set({ status: 'refused', failure_reason: reason, updated_at: new Date(), finished_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'building')
      .returningAll()
      .executeTakeFirst();
  }

  /** A state change, only from `from` (each happens once whoever makes it). */
  async move(
    id: string,
    from: UsdtTransferStatusColumn[],
    to: UsdtTransferStatusColumn,
    fields: { failureReason?: string | null; fee?: string | null; resultCode?: string | null; blockNumber?: number | null; nextCheckInMs?: number } = {},
  ): Promise<TransferRow | undefined> {
    const final = to === 'confirmed' || to === 'failed' || to === 'expired';
    return this.db
      .updateTable('transfers')
      .set({
        status: to,
        updated_at: new Date(),
        ...(fields.failureReason !== undefined ? { failure_reason: fields.failureReason } : {}),
        ...(fields.fee !== undefined ? { fee: fields.fee } : {}),
        ...(fields.resultCode !== undefined ? { result_code: fields.resultCode } : {}),
        ...(fields.blockNumber !== undefined ? { block_number: fields.blockNumber } : {}),
        ...(fields.nextCheckInMs !== undefined ? { next_check_at: new Date(Date.now() + fields.nextCheckInMs) } : {}),
        ...(final ? { finished_at: new Date() } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
  }

  /** The next look at an open transfer, whatever its status now. */
  async reschedule(id: string, inMs: number): Promise<void> {
    await this.db
      .updateTable('transfers')
      .set({ next_check_at: new Date(Date.now() + inMs) })
      .where('id', '=', id)
      .where('status', 'in', ['signed', 'broadcast'])
      .execute();
  }

  /** Open transfers due for a look, leased for `leaseMs` so replicas do not look at once. */
  async claimDue(limit: number, leaseMs: number): Promise<TransferRow[]> {
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('transfers')
        .select('id')
        .where('status', 'in', ['signed', 'broadcast'])
        .where('next_check_at', '<=', sql<Date>`now()`)
        .orderBy('next_check_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (!due.length) return [];
      return tx
        .updateTable('transfers')
        .set({ next_check_at: new Date(Date.now() + leaseMs) })
        .where('id', 'in', due.map((d) => d.id))
        .returningAll()
        .execute();
    });
  }

  async counts(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('transfers').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
