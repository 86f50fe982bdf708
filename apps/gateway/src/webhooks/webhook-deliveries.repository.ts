import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { DeliveryStatus } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { GatewayDb, gatewayDb } from '../gateway.database';

/** A delivery handed to the queue: its job id is `<id>:<round>`. */
export interface QueuedDelivery {
  id: string;
  round: number;
  endpointId: string;
}

/** What one attempt needs: the delivery, its event and its endpoint. */
export interface DeliveryTask {
  id: string;
  status: DeliveryStatus;
  round: number;
  attempts: number;
  nextAttemptAt: Date;
  roundStartedAt: Date | null;
  event: { id: string; type: string; data: unknown; createdAt: Date };
  endpoint: { id: string; url: string; secretVersion: number; disabledAt: Date | null };
}

export interface AttemptRecord {
  deliveryId: string;
  round: number;
  attempt: number;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** What the delivery becomes. */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

@Injectable()
export class WebhookDeliveriesRepository {
  private readonly db: GatewayDb;

  constructor(database: Database) {
    this.db = gatewayDb(database);
  }

  /**
   * Marks up to `limit` due deliveries as handed to the queue and returns them: pending, due,
   * and never enqueued or enqueued longer ago than `graceMs` (the queue may have lost them).
   * `skip locked` lets replicas relay at once without waiting on, or repeating, each other.
   */
  async claimDue(limit: number, graceMs: number): Promise<QueuedDelivery[]> {
    const due = this.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('enqueued_at', 'is', null), eb('enqueued_at', '<', sql<Date>`now() - make_interval(secs => ${graceMs / 1000})`)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ enqueued_at: sql<Date>`now()` })
      .where('id', 'in', due)
      .returning(['id', 'round', 'endpoint_id'])
      .execute();
    return rows.map((r) => ({ id: r.id, round: r.round, endpointId: r.endpoint_id }));
  }

  /** The queue did not take them: the next relay round tries again. */
  async unclaim(ids: string[]): Promise<void> {
    if (ids.length) await this.db.updateTable('webhook_deliveries').set({ enqueued_at: null }).where('id', 'in', ids).execute();
  }

  async load(id: string): Promise<DeliveryTask | null> {
    const r = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .innerJoin('webhook_endpoints as ep', 'ep.id', 'd.endpoint_id')
      .select([
        'd.id',
        'd.status',
        'd.round',
        'd.attempts',
        'd.next_attempt_at',
        'd.round_started_at',
        'e.id as event_id',
        'e.type',
        'e.data',
        'e.created_at as event_created_at',
        'ep.id as endpoint_id',
        'ep.url',
        'ep.secret_version',
        'ep.disabled_at',
      ])
      .where('d.id', '=', id)
      .executeTakeFirst();
    if (!r) return null;
    return {
      id: r.id,
      status: r.status,
      round: r.round,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      roundStartedAt: r.round_started_at,
      event: { id: r.event_id, type: r.type, data: r.data, createdAt: r.event_created_at },
      endpoint: { id: r.endpoint_id, url: r.url, secretVersion: r.secret_version, disabledAt: r.disabled_at },
    };
  }

  /**
   * Takes the next attempt (its number, and its number within the round), unless another
   * worker took it first or a redelivery began another round: then null, and this job does nothing.
   */
  async claimAttempt(task: Pick<DeliveryTask, 'id' | 'round' | 'attempts'>): Promise<{ attempt: number; inRound: number } | null> {
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), round_attempts: eb('round_attempts', '+', 1), updated_at: new Date() }))
      .where('id', '=', task.id)
      .where('status', '=', 'pending')
      .where('round', '=', task.round)
      .where('attempts', '=', task.attempts)
      .returning(['attempts', 'round_attempts'])
      .executeTakeFirst();
    return row ? { attempt: row.attempts, inRound: row.round_attempts } : null;
  }

  /** The attempt's log row and the delivery's new state, together; a newer round is left alone. */
  async recordAttempt(a: AttemptRecord): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('webhook_attempts')
        .values({ delivery_id: a.deliveryId, attempt: a.attempt, started_at: a.startedAt, status_code: a.statusCode, latency_ms: a.latencyMs, error: a.error })
        .execute();
      await tx
        .updateTable('webhook_deliveries')
        .set({
          status: a.status,
          last_status_code: a.statusCode,
          last_error: a.error,
          delivered_at: a.status === 'delivered' ? new Date() : null,
          ...(a.nextAttemptAt ? { next_attempt_at: a.nextAttemptAt } : {}),
          enqueued_at: null,
          updated_at: new Date(),
        })
        .where('id', '=', a.deliveryId)
        .where('round', '=', a.round)
        .where('status', '=', 'pending')
        .execute();
    });
  }

  /** Gives up on a delivery without an attempt (its endpoint was disabled). */
  async fail(id: string, round: number, reason: string): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: reason, enqueued_at: null, updated_at: new Date() })
      .where('id', '=', id)
      .where('round', '=', round)
      .where('status', '=', 'pending')
      .execute();
  }

  /** A job that ran early (a stale copy): forget the hand-off, so the relay enqueues it when due. */
  async release(id: string, round: number): Promise<void> {
    await this.db.updateTable('webhook_deliveries').set({ enqueued_at: null }).where('id', '=', id).where('round', '=', round).execute();
  }

  /** Pending deliveries, and how many of them are due now (served by the partial index on pending rows). */
  async countPending(): Promise<{ pending: number; due: number }> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select([sql<string>`count(*)`.as('pending'), sql<string>`count(*) filter (where next_attempt_at <= now())`.as('due')])
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return { pending: Number(row.pending), due: Number(row.due) };
  }
}
