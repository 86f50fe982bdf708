import { Injectable } from '@nestjs/common';
import { Kysely, Selectable, sql, Updateable } from 'kysely';
import type { EnergyLeaseStatusColumn, EnergyLeaseTable, StakingSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export type LeaseRow = Selectable<EnergyLeaseTable>;

export interface NewLease {
  key: string;
  address: string;
  purpose: 'sweep' | 'payout';
  energy: bigint;
  bandwidth: bigint;
  topUp: boolean;
  maxBurnSun: bigint | null;
  requestedBy: string;
  expiresAt: Date;
}

export const OPEN_LEASE: EnergyLeaseStatusColumn[] = ['preparing', 'ready', 'waiting', 'releasing'];

@Injectable()
export class EnergyRepository {
  readonly db: Kysely<StakingSchema>;

  constructor(database: Database) {
    this.db = database.db as Kysely<StakingSchema>;
  }

  async insert(l: NewLease): Promise<{ row: LeaseRow; created: boolean }> {
    const row = await this.db
      .insertInto('energy_leases')
      .values({
        key: l.key,
        address: l.address,
        purpose: l.purpose,
        status: 'preparing',
        energy_needed: l.energy.toString(),
        bandwidth_needed: l.bandwidth.toString(),
        top_up: l.topUp,
        max_burn_sun: l.maxBurnSun?.toString() ?? null,
        requested_by: l.requestedBy,
        expires_at: l.expiresAt,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return { row, created: true };
    return { row: (await this.byKey(l.key)) as LeaseRow, created: false };
  }

  /**
   * Energy other leases of the same address were planned to give transfers that may not have run
   * yet (ready, or planned and on their way): a payout hot wallet has many at once, and one
   * lease's delegation must not be counted as another's. Counted as used, so a plan errs towards
   * delegating more; the surplus goes back with the releases.
   */
  async committedEnergy(address: string, exceptId: string, db: Kysely<StakingSchema> = this.db): Promise<bigint> {
    const r = await db
      .selectFrom('energy_leases')
      .select(sql<string>`coalesce(sum(energy_needed), 0)::text`.as('n'))
      .where('address', '=', address)
      .where('id', '<>', exceptId)
      .where((eb) => eb.or([eb('status', '=', 'ready'), eb.and([eb('status', '=', 'preparing'), eb('plan_attempts', '>', 0)])]))
      .executeTakeFirstOrThrow();
    return BigInt(r.n);
  }

  byKey(key: string): Promise<LeaseRow | undefined> {
    return this.db.selectFrom('energy_leases').selectAll().where('key', '=', key).executeTakeFirst();
  }

  byId(id: string, db: Kysely<StakingSchema> = this.db): Promise<LeaseRow | undefined> {
    return db.selectFrom('energy_leases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Takes the lease for `leaseMs` when it is due: one caller (replica, worker or request) moves a lease at a time. */
  claim(id: string, leaseMs: number): Promise<LeaseRow | undefined> {
    return this.db
      .updateTable('energy_leases')
      .set({ next_check_at: new Date(Date.now() + leaseMs) })
      .where('id', '=', id)
      .where('status', 'in', OPEN_LEASE)
      .where('next_check_at', '<=', sql<Date>`now()`)
      .returningAll()
      .executeTakeFirst();
  }

  async claimDue(limit: number, leaseMs: number): Promise<LeaseRow[]> {
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('energy_leases')
        .select('id')
        .where('status', 'in', OPEN_LEASE)
        .where('next_check_at', '<=', sql<Date>`now()`)
        .orderBy('next_check_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (!due.length) return [];
      return tx.updateTable('energy_leases').set({ next_check_at: new Date(Date.now() + leaseMs) }).where('id', 'in', due.map((d) => d.id)).returningAll().execute();
    });
  }

  update(id: string, set: Updateable<EnergyLeaseTable>, db: Kysely<StakingSchema> = this.db): Promise<LeaseRow | undefined> {
    return db
      .updateTable('energy_leases')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Runs `work` in a transaction holding the planning lock of one staking wallet, so two plans never count the same stake. */
  planning<T>(lockName: string, work: (db: Kysely<StakingSchema>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`tronpay-energy:${lockName}`}))`.execute(tx);
      return work(tx);
    });
  }

  async stats() {
    const [byStatus, totals, waiting] = await Promise.all([
      this.db.selectFrom('energy_leases').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute(),
      this.db
        .selectFrom('energy_leases')
        .select([
          sql<number>`count(*) filter (where burn_sun > 0)::int`.as('burnLeases'),
          sql<string>`coalesce(sum(burn_sun), 0)::text`.as('burnSun'),
          sql<number>`count(*) filter (where delegated_energy_sun > 0)::int`.as('delegatedLeases'),
        ])
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('energy_leases').select(['key', 'address', 'reason', 'updated_at']).where('status', '=', 'waiting').orderBy('updated_at', 'desc').limit(10).execute(),
    ]);
    return { byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])), ...totals, waiting };
  }
}
