import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { WatchKind } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { tronClientDb } from '../tron-client.database';

const PAGE = 50_000;

@Injectable()
export class WatchRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  private get db() {
    return tronClientDb(this.database);
  }

  /** Inserts what is not there yet; returns the addresses this call added. */
  async add(addresses: string[], kind: WatchKind, label: string | null): Promise<string[]> {
    if (addresses.length === 0) return [];
    const rows = await this.db
      .insertInto('watched_addresses')
      .values(addresses.map((address) => ({ address, kind, label })))
      .onConflict((oc) => oc.column('address').doNothing())
      .returning('address')
      .execute();
    return rows.map((r) => r.address);
  }

  /** Every address, page by page (keyset on the primary key), so millions never sit in one result. */
  async *all(): AsyncGenerator<string[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('watched_addresses')
        .select('address')
        .where('address', '>', after)
        .orderBy('address')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      yield rows.map((r) => r.address);
      after = rows[rows.length - 1].address;
      if (rows.length < PAGE) return;
    }
  }

  /** Where a look stands now (nothing read): what `unseenSince` needs to find every row committed after it. */
  async watermark(): Promise<WatchWatermark> {
    const { rows } = await sql<{ xmax: string; xip: string[] }>`
      select pg_snapshot_xmax(s)::text as xmax, array(select x::text from pg_snapshot_xip(s) as x) as xip
      from pg_current_snapshot() as s`.execute(this.db);
    return rows[0];
  }

  /**
   * The addresses the look at `since` could not see, and the watermark of this look. A row is
   * invisible to a snapshot exactly when its inserting transaction was still running then (its id
   * in the snapshot's in-progress list) or had not yet begun writing (its id at or past the
   * snapshot's xmax); both are read here, in the one statement that takes the next snapshot, so
   * no row is missed however long its transaction stayed open or in whatever order transactions
   * commit. Only rows of those transactions are read again, not a window of time or ids.
   */
  async unseenSince(since: WatchWatermark): Promise<{ addresses: string[]; watermark: WatchWatermark }> {
    const table = sql.id(this.database.schema, 'watched_addresses');
    const { rows } = await sql<{ xmax: string; xip: string[]; addresses: string[] }>`
      with snap as (select pg_current_snapshot() as s)
      select pg_snapshot_xmax(s)::text as xmax,
             array(select x::text from pg_snapshot_xip(s) as x) as xip,
             array(select address from ${table} where added_xid >= ${since.xmax}::xid8 or added_xid = any(${since.xip}::xid8[])) as addresses
      from snap`.execute(this.db);
    const { xmax, xip, addresses } = rows[0];
    return { addresses, watermark: { xmax, xip } };
  }
}

/** A snapshot's bounds (xid8 as text): transactions at or past `xmax`, or listed in `xip`, were not visible to it. */
export interface WatchWatermark {
  xmax: string;
  xip: string[];
}
