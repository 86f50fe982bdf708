import { Inject, Injectable, Logger } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { TX_EVENT_PATTERNS } from '@tronpay/models';
import { Database, TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';
import { drainOutbox } from '../outbox/drain-outbox';
import { tronClientDb } from '../tron-client.database';

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
    const n = await drainOutbox(
      tronClientDb(this.database),
      (pattern, payload) => lastValueFrom(this.client.emit(pattern, payload), { defaultValue: undefined }),
      TX_EVENT_PATTERNS,
    );
    this.published += n;
    return n;
  }
}
