import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database } from '@tronpay/runtime';
import { drainOutbox } from '../outbox/drain-outbox';
import { tronClientDb } from '../tron-client.database';
import { EVENT_PUBLISHER, EventPublisher } from './scanner.tokens';

/** Publishes the scanner's outbox rows (see drainOutbox) through the event publisher. */
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
    const n = await drainOutbox(tronClientDb(this.database), (pattern, payload) => this.publisher.publish(pattern, payload));
    this.published += n;
    return n;
  }
}
