import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { DeliveryStatus } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import type { CursorPosition } from '../http/pagination';
import { GatewayDb, gatewayDb } from '../gateway.database';

export interface EventRow {
  id: string;
  type: string;
  data: unknown;
  createdAt: Date;
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  endpointUrl: string;
  status: DeliveryStatus;
  round: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface AttemptRow {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface Redelivered {
  id: string;
  endpointId: string;
  round: number;
}

/** Events and their delivery log, as the events API shows them; and redelivery. */
@Injectable()
export class WebhookEventsRepository {
  private readonly db: GatewayDb;

  constructor(database: Database) {
    this.db = gatewayDb(database);
  }

  async findEvent(id: string): Promise<EventRow | null> {
    const r = await this.db.selectFrom('events').select(['id', 'type', 'data', 'created_at']).where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, type: r.type, data: r.data, createdAt: r.created_at } : null;
  }

  async listEvents(limit: number, position?: CursorPosition, type?: string): Promise<EventRow[]> {
    let q = this.db.selectFrom('events').select(['id', 'type', 'data', 'created_at']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (type) q = q.where('type', '=', type);
    if (position) {
      q = q.where((eb) => eb.or([eb('created_at', '<', position.createdAt), eb.and([eb('created_at', '=', position.createdAt), eb('id', '<', position.id)])]));
    }
    return (await q.execute()).map((r) => ({ id: r.id, type: r.type, data: r.data, createdAt: r.created_at }));
  }

  async listDeliveries(eventId: string, limit: number, position?: CursorPosition): Promise<DeliveryRow[]> {
    let q = this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as ep', 'ep.id', 'd.endpoint_id')
      .select([
        'd.id',
        'd.endpoint_id',
        'ep.url',
        'd.status',
        'd.round',
        'd.next_attempt_at',
        'd.last_status_code',
        'd.last_error',
        'd.delivered_at',
        'd.created_at',
      ])
      .where('d.event_id', '=', eventId)
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(limit);
    if (position) {
      q = q.where((eb) => eb.or([eb('d.created_at', '<', position.createdAt), eb.and([eb('d.created_at', '=', position.createdAt), eb('d.id', '<', position.id)])]));
    }
    return (await q.execute()).map((r) => ({
      id: r.id,
      endpointId: r.endpoint_id,
      endpointUrl: r.url,
      status: r.status,
      round: r.round,
      nextAttemptAt: r.next_attempt_at,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      deliveredAt: r.delivered_at,
      createdAt: r.created_at,
    }));
  }

  async attemptsOf(deliveryIds: string[]): Promise<AttemptRow[]> {
    if (!deliveryIds.length) return [];
    const rows = await this.db
      .selectFrom('webhook_attempts')
      .select(['delivery_id', 'attempt', 'started_at', 'status_code', 'latency_ms', 'error'])
      .where('delivery_id', 'in', deliveryIds)
      .orderBy('delivery_id')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ deliveryId: r.delivery_id, attempt: r.attempt, startedAt: r.started_at, statusCode: r.status_code, latencyMs: r.latency_ms, error: r.error }));
  }

  /**
   * Starts a new round for the event's deliveries to enabled endpoints (all, or one), and
   * creates deliveries for enabled endpoints subscribed now that had none. The relay enqueues them.
   */
  async redeliver(event: Pick<EventRow, 'id' | 'type'>, endpointId?: string): Promise<Redelivered[]> {
    return this.db.transaction().execute(async (tx) => {
      const enabled = tx.selectFrom('webhook_endpoints').select('id').where('disabled_at', 'is', null);
      let reset = tx
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: 'pending',
          round: eb('round', '+', 1),
          round_attempts: 0,
          round_started_at: sql<Date>`now()`,
          next_attempt_at: sql<Date>`now()`,
          enqueued_at: null,
          updated_at: new Date(),
        }))
        .where('event_id', '=', event.id)
        .where('endpoint_id', 'in', enabled)
        .returning(['id', 'endpoint_id', 'round']);
      if (endpointId) reset = reset.where('endpoint_id', '=', endpointId);
      const updated = await reset.execute();

      let subscribed = tx
        .selectFrom('webhook_endpoints')
        .select([sql<string>`${event.id}::uuid`.as('event_id'), 'id', sql<'pending'>`'pending'`.as('status'), sql<Date>`now()`.as('next_attempt_at'), sql<Date>`now()`.as('round_started_at')])
        .where('disabled_at', 'is', null)
        .where(sql<boolean>`(${event.type} = any(events) or '*' = any(events))`);
      if (endpointId) subscribed = subscribed.where('id', '=', endpointId);
      const created = await tx
        .insertInto('webhook_deliveries')
        .columns(['event_id', 'endpoint_id', 'status', 'next_attempt_at', 'round_started_at'])
        .expression(subscribed)
        .onConflict((oc) => oc.columns(['event_id', 'endpoint_id']).doNothing())
        .returning(['id', 'endpoint_id', 'round'])
        .execute();
      return [...updated, ...created].map((r) => ({ id: r.id, endpointId: r.endpoint_id, round: r.round }));
    });
  }
}
