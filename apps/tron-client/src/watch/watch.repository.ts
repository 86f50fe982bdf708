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

  /**
   * Addresses added since `since` minus a margin (a row's `added_at` is its transaction's start,
   * which can precede the commit), and the database clock to pass as `since` next time.
   */
  async addedSince(since: Date | null, marginSeconds = 60): Promise<{ addresses: string[]; now: Date }> {
    const now = (await sql<{ now: Date }>`select now() as now`.execute(this.db)).rows[0].now;
    if (since === null) return { addresses: [], now };
    const rows = await this.db
      .selectFrom('watched_addresses')
      .select('address')
      .where('added_at', '>', new Date(since.getTime() - marginSeconds * 1000))
      .execute();
    return { addresses: rows.map((r) => r.address), now };
  }
}
