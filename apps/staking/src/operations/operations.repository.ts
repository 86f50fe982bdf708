import { Injectable } from '@nestjs/common';
import { Kysely, Selectable, sql } from 'kysely';
import type { OperationKindColumn, OperationOrigin, OperationStatusColumn, StakingOperationTable, StakingOperationView, StakingSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { formatTrx } from '@tronpay/tron';

export type OperationRow = Selectable<StakingOperationTable>;

export interface NewOperation {
  walletId: string;
  address: string;
  kind: OperationKindColumn;
  origin: OperationOrigin;
  amount: bigint | null;
  resource: 'ENERGY' | 'BANDWIDTH' | null;
  receiver: string | null;
  lockPeriodBlocks: number | null;
  votes: Array<{ witness: string; count: number }> | null;
  leaseId: string | null;
  permissionId: number | null;
  idempotencyKey: string | null;
  fingerprint: string | null;
  requestedBy: string;
}

const OPEN: OperationStatusColumn[] = ['pending', 'broadcast'];

export function operationView(r: OperationRow): StakingOperationView {
  return {
    id: r.id,
    walletId: r.wallet_id,
    kind: r.kind,
    status: r.status,
    amount: r.amount === null ? null : formatTrx(BigInt(r.amount)),
    resource: r.resource,
    receiver: r.receiver,
    lockPeriodBlocks: r.lock_period_blocks,
    votes: r.votes,
    txId: r.tx_id,
    failureReason: r.failure_reason,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    origin: r.origin,
    fee: r.fee,
  };
}

@Injectable()
export class OperationsRepository {
  readonly db: Kysely<StakingSchema>;

  constructor(database: Database) {
    this.db = database.db as Kysely<StakingSchema>;
  }

  /** Inserts unless its idempotency key is taken; returns the row under that key either way. `db`: inside a caller's transaction. */
  async insert(op: NewOperation, db: Kysely<StakingSchema> = this.db): Promise<{ row: OperationRow; created: boolean }> {
    const row = await db
      .insertInto('operations')
      .values({
        wallet_id: op.walletId,
        address: op.address,
        kind: op.kind,
        origin: op.origin,
        status: 'pending',
        amount: op.amount?.toString() ?? null,
        resource: op.resource,
        receiver: op.receiver,
        lock_period_blocks: op.lockPeriodBlocks,
        votes: op.votes ? JSON.stringify(op.votes) : null,
        lease_id: op.leaseId,
        permission_id: op.permissionId,
        idempotency_key: op.idempotencyKey,
        fingerprint: op.fingerprint,
        requested_by: op.requestedBy,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return { row, created: true };
    return { row: (await db.selectFrom('operations').selectAll().where('idempotency_key', '=', op.idempotencyKey).executeTakeFirst()) as OperationRow, created: false };
  }

  byKey(key: string): Promise<OperationRow | undefined> {
    return this.db.selectFrom('operations').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  byId(id: string): Promise<OperationRow | undefined> {
    return this.db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  ofLease(leaseId: string): Promise<OperationRow[]> {
    return this.db.selectFrom('operations').selectAll().where('lease_id', '=', leaseId).orderBy('created_at').orderBy('id').execute();
  }

  /** Open operations of a wallet of these kinds (a schedule does not start a second one). */
  async openOf(walletId: string, kinds: OperationKindColumn[]): Promise<OperationRow[]> {
    return this.db.selectFrom('operations').selectAll().where('wallet_id', '=', walletId).where('kind', 'in', kinds).where('status', 'in', OPEN).execute();
  }

  /** SUN of delegations planned from an address and not yet sent: what the chain cannot know of yet. */
  async unsentDelegations(address: string, resource: 'ENERGY' | 'BANDWIDTH', db: Kysely<StakingSchema> = this.db): Promise<bigint> {
    const r = await db
      .selectFrom('operations')
      .select(sql<string>`coalesce(sum(amount), 0)`.as('sun'))
      .where('address', '=', address)
      .where('kind', '=', 'delegate')
      .where('resource', '=', resource)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return BigInt(r.sun);
  }

  /** The signed bytes, stored before anything is sent; only the first signer of an unsigned row wins. */
  storeSigned(id: string, s: { txId: string; transaction: Record<string, unknown>; expiration: Date }): Promise<OperationRow | undefined> {
    return this.db
      .updateTable('operations')
      .set({ tx_id: s.txId, transaction: JSON.stringify(s.transaction), expiration: s.expiration, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('tx_id', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** A state change, only from `from`: each happens once, whoever makes it. */
  move(
    id: string,
    from: OperationStatusColumn[],
    to: OperationStatusColumn,
    f: { failureReason?: string | null; fee?: string | null; resultCode?: string | null; blockNumber?: number | null; nextCheckInMs?: number } = {},
  ): Promise<OperationRow | undefined> {
    const final = to === 'confirmed' || to === 'failed';
    return this.db
      .updateTable('operations')
      .set({
        status: to,
        updated_at: new Date(),
        ...(f.failureReason !== undefined ? { failure_reason: f.failureReason } : {}),
        ...(f.fee !== undefined ? { fee: f.fee } : {}),
        ...(f.resultCode !== undefined ? { result_code: f.resultCode } : {}),
        ...(f.blockNumber !== undefined ? { block_number: f.blockNumber } : {}),
        ...(f.nextCheckInMs !== undefined ? { next_check_at: new Date(Date.now() + f.nextCheckInMs) } : {}),
        ...(final ? { finished_at: new Date() } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
  }

  /** The next look at an open operation, whatever its status now. */
  async reschedule(id: string, inMs: number): Promise<void> {
    await this.db
      .updateTable('operations')
      .set({ next_check_at: new Date(Date.now() + inMs) })
      .where('id', '=', id)
      .where('status', 'in', OPEN)
      .execute();
  }

  /**
   * Open operations due for a look, leased for `leaseMs`. An energy lease's operations that were
   * never signed are left to the energy manager, which starts them in order (a top-up before the
   * delegation to the account it creates).
   */
  async claimDue(limit: number, leaseMs: number): Promise<OperationRow[]> {
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('operations')
        .select('id')
        .where('status', 'in', OPEN)
        .where((eb) => eb.or([eb('tx_id', 'is not', null), eb('lease_id', 'is', null)]))
        .where('next_check_at', '<=', sql<Date>`now()`)
        .orderBy('next_check_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (!due.length) return [];
      return tx.updateTable('operations').set({ next_check_at: new Date(Date.now() + leaseMs) }).where('id', 'in', due.map((d) => d.id)).returningAll().execute();
    });
  }

  async page(walletId: string, limit: number, cursor?: string): Promise<{ data: StakingOperationView[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('operations').selectAll().where('wallet_id', '=', walletId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
    if (cursor) {
      const at = await this.byId(cursor);
      if (at) q = q.where((eb) => eb.or([eb('created_at', '<', at.created_at), eb.and([eb('created_at', '=', at.created_at), eb('id', '<', at.id)])]));
    }
    const rows = await q.execute();
    const page = rows.slice(0, limit);
    return { data: page.map(operationView), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  async counts(): Promise<Array<{ kind: string; status: string; origin: string; n: number; fee: string }>> {
    return this.db
      .selectFrom('operations')
      .select(['kind', 'status', 'origin', sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(fee), 0)::text`.as('fee')])
      .groupBy(['kind', 'status', 'origin'])
      .execute();
  }
}
