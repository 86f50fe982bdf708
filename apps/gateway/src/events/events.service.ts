import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { WebhookEventType } from '@tronpay/models';
import type { GatewayTx } from '../idempotency/idempotency.service';

export interface RecordedEvent {
  id: string;
  /** False when an event with this id was already stored (a re-delivered message). */
  created: boolean;
}

/**
 * The webhook outbox. An event is written in the transaction of the change it reports, with
 * one pending delivery per endpoint subscribed to its type; the dispatcher delivers after commit.
 * A crash between the change and the delivery therefore loses nothing.
 */
@Injectable()
export class EventsService {
  async record(tx: GatewayTx, type: WebhookEventType, data: Record<string, unknown>, id: string = randomUUID()): Promise<RecordedEvent> {
    const inserted = await tx
      .insertInto('events')
      .values({ id, type, data: JSON.stringify(data) })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { id, created: false };
    await tx
      .insertInto('webhook_deliveries')
      .columns(['event_id', 'endpoint_id', 'status', 'next_attempt_at'])
      .expression((eb) =>
        eb
          .selectFrom('webhook_endpoints')
          .select([sql.lit(id).as('event_id'), 'id', sql.lit('pending').as('status'), sql`now()`.as('next_attempt_at')])
          .where('disabled_at', 'is', null)
          // Parenthesised: a raw fragment is spliced in as is, and `and` binds tighter than `or`.
          .where(sql<boolean>`(${type} = any(events) or '*' = any(events))`),
      )
      .execute();
    return { id, created: true };
  }
}
