import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Selectable, sql, Updateable } from 'kysely';
import { OPEN_SWEEP_STATUSES, SweepLegTable, SweepStatus, SweepTable } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { GatewayDb, gatewayDb } from '../gateway.database';

export type SweepRow = Selectable<SweepTable>;
export type LegRow = Selectable<SweepLegTable>;

export interface NewSweepDeposit {
  txId: string;
  logIndex: number;
  address: string;
  token: string;
  from: string;
  amount: string;
  blockNumber: number;
}

const OPEN = [...OPEN_SWEEP_STATUSES];
/** As the partial unique index spells it (ON CONFLICT infers the index from its literal predicate). */
const OPEN_LIST = `(${OPEN.map((s) => `'${s}'`).join(', ')})`;

@Injectable()
export class SweepsRepository {
  readonly db: GatewayDb;
  private readonly schema: string;

  constructor(database: Database) {
    this.db = gatewayDb(database);
    this.schema = database.schema;
  }

  /** A table of the gateway's schema in raw SQL (the query builder qualifies its own). */
  private t(name: string) {
    return sql.id(this.schema, name);
  }

  /** The token of the invoice that owns this address ('TRX' or the USDT contract); null when it is not an invoice's. */
  async invoiceTokenOf(address: string): Promise<string | null> {
    return (await this.db.selectFrom('invoices').select('token').where('address', '=', address).executeTakeFirst())?.token ?? null;
  }

  /** Once per (tx, log): a re-delivered event records nothing twice. */
  async recordDeposit(d: NewSweepDeposit): Promise<boolean> {
    const r = await this.db
      .insertInto('sweep_deposits')
      .values({ tx_id: d.txId, log_index: d.logIndex, address: d.address, token: d.token, from_address: d.from, amount: d.amount, block_number: d.blockNumber })
      .onConflict((oc) => oc.columns(['tx_id', 'log_index']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** Confirmed invoice payments the event handler missed (it failed, or ran before this feature), recorded now. */
  async backfill(tokens: string[], withinHours: number): Promise<number> {
    if (!tokens.length) return 0;
    const r = await sql<{ n: number }>`
      with added as (
        insert into ${this.t('sweep_deposits')} (tx_id, log_index, address, token, from_address, amount, block_number)
        select p.tx_id, p.log_index, i.address, p.token, p.from_address, p.amount, p.block_number
        from ${this.t('invoice_payments')} p join ${this.t('invoices')} i on i.id = p.invoice_id
        where p.status = 'confirmed' and p.confirmed_at > now() - make_interval(secs => ${Math.ceil(withinHours * 3600)}) and p.token in (${sql.join(tokens)})
        on conflict (tx_id, log_index) do nothing
        returning 1
      ) select count(*)::int as n from added`.execute(this.db);
    return r.rows[0]?.n ?? 0;
  }

  /** Addresses whose unswept deposits of a token reach its threshold and have no open sweep, USDT first. */
  async candidates(thresholds: Record<string, bigint>, limit: number): Promise<Array<{ address: string; token: string; total: string }>> {
    const tokens = Object.keys(thresholds);
    if (!tokens.length) return [];
    const threshold = sql`case ${sql.join(
      tokens.map((t) => sql`when d.token = ${t} then ${thresholds[t].toString()}::numeric`),
      sql` `,
    )} end`;
    const r = await sql<{ address: string; token: string; total: string }>`
      select d.address, d.token, sum(d.amount)::text as total
      from ${this.t('sweep_deposits')} d
      where d.sweep_id is null and d.token in (${sql.join(tokens)})
        and not exists (select 1 from ${this.t('sweeps')} s where s.address = d.address and s.status in (${sql.join(OPEN)}))
      group by d.address, d.token
      having sum(d.amount) >= ${threshold}
      order by (d.token = 'TRX'), min(d.id)
      limit ${limit}`.execute(this.db);
    return r.rows;
  }

  /** A sweep with every unswept deposit of (address, token) attached, unless the address has an open sweep. */
  async createSweep(address: string, token: string): Promise<SweepRow | null> {
    return this.db.transaction().execute(async (tx) => {
      const id = randomUUID();
      const inserted = await sql<SweepRow>`
        insert into ${this.t('sweeps')} (id, address, token, status, deposits_total)
        values (${id}, ${address}, ${token}, 'planned', 0)
        on conflict (address) where status in ${sql.raw(OPEN_LIST)} do nothing
        returning *`.execute(tx);
      if (!inserted.rows.length) return null;
      const attached = await tx
        .updateTable('sweep_deposits')
        .set({ sweep_id: id })
        .where('address', '=', address)
        .where('token', '=', token)
        .where('sweep_id', 'is', null)
        .returning('amount')
        .execute();
      const total = attached.reduce((s, d) => s + BigInt(d.amount), 0n);
      return (await tx.updateTable('sweeps').set({ deposits_total: total.toString() }).where('id', '=', id).returningAll().executeTakeFirst()) ?? null;
    });
  }

  /** Due open sweeps handed to the queue (again, when it may have lost them), `skip locked` across replicas. */
  async claimDue(limit: number, graceMs: number): Promise<Array<{ id: string; attempts: number }>> {
    const due = this.db
      .selectFrom('sweeps')
      .select('id')
      .where('status', 'in', OPEN)
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('enqueued_at', 'is', null), eb('enqueued_at', '<', sql<Date>`now() - make_interval(secs => ${graceMs / 1000})`)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    return this.db
      .updateTable('sweeps')
      .set((eb) => ({ enqueued_at: sql<Date>`now()`, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .returning(['id', 'attempts'])
      .execute();
  }

  async unclaim(ids: string[]): Promise<void> {
    if (ids.length) await this.db.updateTable('sweeps').set({ enqueued_at: null }).where('id', 'in', ids).execute();
  }

  /** A job starts: the relay leaves the sweep alone for `leaseMs` (then takes it for lost). */
  async begin(id: string, leaseMs: number): Promise<SweepRow | undefined> {
    return this.db
      .updateTable('sweeps')
      .set({ next_attempt_at: new Date(Date.now() + leaseMs), updated_at: new Date() })
      .where('id', '=', id)
      .where('status', 'in', OPEN)
      .returningAll()
      .executeTakeFirst();
  }

  /** A job ends: due again after `inMs` (unless final), handed to the queue anew then. */
  async end(id: string, inMs: number): Promise<void> {
    await this.db.updateTable('sweeps').set({ next_attempt_at: new Date(Date.now() + inMs), enqueued_at: null }).where('id', '=', id).execute();
  }

  byId(id: string): Promise<SweepRow | undefined> {
    return this.db.selectFrom('sweeps').selectAll().where('id', '=', id).executeTakeFirst();
  }

  update(id: string, set: Updateable<SweepTable>): Promise<SweepRow | undefined> {
    return this.db.updateTable('sweeps').set({ ...set, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  legs(sweepId: string): Promise<LegRow[]> {
    return this.db.selectFrom('sweep_legs').selectAll().where('sweep_id', '=', sweepId).orderBy('idx').execute();
  }

  /** The legs are fixed once, with the amount: a retried plan finds them there. */
  async fixLegs(sweepId: string, amount: bigint, legs: Array<{ destination: 'hot' | 'cold'; to: string; amount: bigint }>, next: SweepStatus): Promise<SweepRow | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('sweeps').selectAll().where('id', '=', sweepId).forUpdate().executeTakeFirst();
      if (!row || row.status !== 'planned') return row;
      if (legs.length) {
        await tx
          .insertInto('sweep_legs')
          .values(legs.map((l, idx) => ({ sweep_id: sweepId, idx, destination: l.destination, to_address: l.to, amount: l.amount.toString(), status: 'pending' as const })))
          .execute();
      }
      return tx.updateTable('sweeps').set({ amount: amount.toString(), status: next, updated_at: new Date() }).where('id', '=', sweepId).returningAll().executeTakeFirst();
    });
  }

  updateLeg(sweepId: string, idx: number, set: Updateable<SweepLegTable>): Promise<LegRow | undefined> {
    return this.db.updateTable('sweep_legs').set({ ...set, updated_at: new Date() }).where('sweep_id', '=', sweepId).where('idx', '=', idx).returningAll().executeTakeFirst();
  }

  deposits(sweepId: string) {
    return this.db.selectFrom('sweep_deposits').selectAll().where('sweep_id', '=', sweepId).orderBy('id').execute();
  }

  async page(query: { limit: number; status?: SweepStatus; address?: string; before?: { createdAt: Date; id: string } }): Promise<SweepRow[]> {
    let q = this.db.selectFrom('sweeps').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.address) q = q.where('address', '=', query.address);
    const before = query.before;
    if (before) q = q.where((eb) => eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]));
    return q.execute();
  }

  async stats() {
    const [byStatus, swept, unswept, waiting] = await Promise.all([
      this.db.selectFrom('sweeps').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute(),
      this.db
        .selectFrom('sweeps')
        .select(['token', sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(amount), 0)::text`.as('amount'), sql<string>`coalesce(sum(fee), 0)::text`.as('fee')])
        .where('status', '=', 'completed')
        .groupBy('token')
        .execute(),
      this.db
        .selectFrom('sweep_deposits')
        .select(['token', sql<number>`count(*)::int`.as('n'), sql<string>`sum(amount)::text`.as('amount'), sql<number>`count(distinct address)::int`.as('addresses')])
        .where('sweep_id', 'is', null)
        .groupBy('token')
        .execute(),
      this.db.selectFrom('sweeps').select(['id', 'address', 'token', 'reason', 'updated_at']).where('status', '=', 'waiting').orderBy('updated_at', 'desc').limit(10).execute(),
    ]);
    return {
      byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
      swept: Object.fromEntries(swept.map((r) => [r.token, { sweeps: r.n, amount: r.amount, feeSun: r.fee }])),
      belowThreshold: Object.fromEntries(unswept.map((r) => [r.token, { deposits: r.n, amount: r.amount, addresses: r.addresses }])),
      waiting: waiting.map((w) => ({ id: w.id, address: w.address, token: w.token, reason: w.reason, since: w.updated_at.toISOString() })),
    };
  }
}
