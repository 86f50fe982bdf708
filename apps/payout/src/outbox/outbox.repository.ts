import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '@tronpay/runtime';
import { PayoutDb, payoutDb, PayoutTx } from '../payout.database';

const BATCH = 200;

/** Events written in the transaction of the change they report; published after it committed. */
@Injectable()
export class OutboxRepository {
  readonly db: PayoutDb;

  constructor(@Inject(Database) database: Database) {
    this.db = payoutDb(database);
  }

  async add(tx: PayoutTx, pattern: string, payload: Record<string, unknown>): Promise<void> {
    await tx.insertInto('outbox').values({ pattern, payload: JSON.stringify(payload) }).execute();
  }

  /**
   * Publishes pending rows oldest first and marks them, locked while published (`for update skip
   * locked`: two publishers never send one row at once). A crash between publishing and marking
   * re-sends the row with its `eventId`, which the gateway de-duplicates.
   */
  async drain(publish: (pattern: string, payload: Record<string, unknown>) => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction().execute(async (tx) => {
        const rows = await tx.selectFrom('outbox').select(['id', 'pattern', 'payload']).where('published_at', 'is', null).orderBy('id').limit(BATCH).forUpdate().skipLocked().execute();
        for (const row of rows) await publish(row.pattern, row.payload);
        if (rows.length) await tx.updateTable('outbox').set({ published_at: new Date() }).where('id', 'in', rows.map((r) => r.id)).execute();
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }

  async pending(): Promise<number> {
    const r = await this.db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('published_at', 'is', null).executeTakeFirstOrThrow();
    return r.n;
  }
}
