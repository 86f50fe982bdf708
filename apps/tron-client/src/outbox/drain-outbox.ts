import { Kysely } from 'kysely';
import type { TronClientSchema } from '@tronpay/models';

const BATCH = 200;

/**
 * Publishes outbox rows written by transactions that committed, oldest first, and marks them.
 * Rows are locked while published (`for update skip locked`), so two publishers never send one
 * row at once; a crash between publishing and marking re-sends it with the same `eventId`.
 * `patterns` limits a publisher to its own events.
 */
export async function drainOutbox(
  db: Kysely<TronClientSchema>,
  publish: (pattern: string, payload: Record<string, unknown>) => Promise<unknown>,
  patterns?: readonly string[],
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      let query = tx
        .selectFrom('outbox')
        .select(['id', 'pattern', 'payload'])
        .where('published_at', 'is', null)
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .skipLocked();
      if (patterns) query = query.where('pattern', 'in', [...patterns]);
      const rows = await query.execute();
      for (const row of rows) await publish(row.pattern, row.payload);
      if (rows.length) {
        await tx
          .updateTable('outbox')
          .set({ published_at: new Date() })
          .where('id', 'in', rows.map((r) => r.id))
          .execute();
      }
      return rows.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}
