import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database } from '@tronpay/runtime';
import { tronClientDb } from '../tron-client.database';
import { EVENT_PUBLISHER, EventPublisher } from './scanner.tokens';

const BATCH = 200;

/**
 * Publishes outbox rows after the transaction that wrote them committed, then marks them. Rows
 * are locked while published (`for update skip locked`), so two publishers never send one row
 * at once; a crash between publishing and marking re-sends it with the same `eventId`.
 */
@Injectable()
export class OutboxPublisher {
  private readonly logger = new Logger('OutboxPublisher');
  published = 0;
  private running?: Promise<number>;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
  ) {}

  /** Publishes everything pending; concurrent calls share one run. */
  publishPending(): Promise<number> {
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  async pending(): Promise<number> {
    const row = await tronClientDb(this.database)
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('published_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await tronClientDb(this.database)
        .transaction()
        .execute(async (tx) => {
          const rows = await tx
            .selectFrom('outbox')
            .select(['id', 'pattern', 'payload'])
            .where('published_at', 'is', null)
            .orderBy('id')
            .limit(BATCH)
            .forUpdate()
            .skipLocked()
            .execute();
          for (const row of rows) await this.publisher.publish(row.pattern, row.payload);
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
