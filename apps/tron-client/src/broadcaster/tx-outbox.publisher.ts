import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kysely } from 'kysely';
import { lastValueFrom } from 'rxjs';
import { BroadcastSchema, TX_EVENT_PATTERNS } from '@tronpay/models';
import { Database, TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';

const BATCH = 200;

/**
 * Publishes the broadcaster's `tx.*` rows of the shared `outbox` after the transaction that wrote
 * them committed, then marks them (the scanner's publisher may publish them too: rows are locked
 * while published, `for update skip locked`, so one row is never sent twice at once). Only
 * `tx.*` rows: the scanner keeps publishing its deposit events alone, in order.
 */
@Injectable()
export class TxOutboxPublisher {
  private readonly logger = new Logger('TxOutboxPublisher');
  published = 0;
  private running?: Promise<number>;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient,
  ) {}

  /** Publishes what is pending; concurrent calls share one run. Never throws (the next round retries). */
  publishPending(): Promise<number> {
    this.running ??= this.drain()
      .catch((e: Error) => {
        this.logger.warn(`publishing tx events failed (retried next round): ${e.message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<number> {
    const db = this.database.db as unknown as Kysely<BroadcastSchema>;
    let total = 0;
    for (;;) {
      const n = await db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('outbox')
          .select(['id', 'pattern', 'payload'])
          .where('published_at', 'is', null)
          .where('pattern', 'in', [...TX_EVENT_PATTERNS])
          .orderBy('id')
          .limit(BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const row of rows) await lastValueFrom(this.client.emit(row.pattern, row.payload), { defaultValue: undefined });
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
      this.published += n;
      if (n < BATCH) return total;
    }
  }
}
