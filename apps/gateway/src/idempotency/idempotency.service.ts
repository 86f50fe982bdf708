import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { sql, Transaction } from 'kysely';
import type { GatewaySchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { GatewayError } from '../http/gateway.errors';
import { GatewayDb, gatewayDb } from '../gateway.database';
import type { Principal } from '../auth/principal';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';

export type GatewayTx = Transaction<GatewaySchema>;

export interface Outcome<T> {
  status: number;
  body: T;
}

export interface IdempotentRequest {
  principal: Principal;
  /** The Idempotency-Key header, when given. */
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
}

export interface StorePolicy<T> {
  /** What is kept for replays (drop anything secret). Default: the body as is. */
  store?: (body: T) => unknown;
  /** Rebuilds a replayed body from what was kept. */
  replay?: (stored: unknown) => T;
}

const KEY_FORM = /^[\x21-\x7e]{1,255}$/;
/** How long a duplicate waits for the first request holding the key. */
const LOCK_WAIT = '30s';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Stripe's idempotency, enforced by PostgreSQL: the key's row is inserted in the same
 * transaction as the work. A concurrent duplicate's insert waits on that row's lock, then finds
 * it committed and replays its response; if the first transaction failed, the duplicate does
 * the work itself. Failures are not stored, so a retry after an error runs again.
 */
@Injectable()
export class IdempotencyService {
  private readonly db: GatewayDb;

  constructor(
    database: Database,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {
    this.db = gatewayDb(database);
  }

  async run<T>(request: IdempotentRequest, work: (tx: GatewayTx) => Promise<Outcome<T>>, policy: StorePolicy<T> = {}): Promise<Outcome<T> & { replayed: boolean }> {
    if (request.key === undefined) {
      const outcome = await this.db.transaction().execute(work);
      return { ...outcome, replayed: false };
    }
    if (!KEY_FORM.test(request.key)) {
      throw GatewayError.badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1-255 printable ASCII characters');
    }
    const owner = request.principal.keyId;
    const fingerprint = createHash('sha256').update(`${request.method} ${request.path}\n${canonical(request.body)}`).digest('hex');
    try {
      return await this.db.transaction().execute(async (tx) => {
        await sql`set local lock_timeout = ${sql.lit(LOCK_WAIT)}`.execute(tx);
        const expired = new Date(Date.now() - this.settings.idempotency.ttlHours * 3_600_000);
        // A key older than the retention is free again.
        await tx.deleteFrom('idempotency_keys').where('owner', '=', owner).where('key', '=', request.key!).where('created_at', '<', expired).execute();
        const claimed = await tx
          .insertInto('idempotency_keys')
          .values({ owner, key: request.key!, fingerprint, response_status: 0, response_body: JSON.stringify(null) })
          .onConflict((oc) => oc.columns(['owner', 'key']).doNothing())
          .returning('key')
          .executeTakeFirst();
        if (!claimed) {
          const first = await tx
            .selectFrom('idempotency_keys')
            .select(['fingerprint', 'response_status', 'response_body'])
            .where('owner', '=', owner)
            .where('key', '=', request.key!)
            .executeTakeFirstOrThrow();
          if (first.fingerprint !== fingerprint) {
            throw GatewayError.conflict('idempotency_key_reused', 'This Idempotency-Key was used with another request');
          }
          const body = policy.replay ? policy.replay(first.response_body) : (first.response_body as T);
          return { status: first.response_status, body, replayed: true };
        }
        const outcome = await work(tx);
        const stored = policy.store ? policy.store(outcome.body) : outcome.body;
        await tx
          .updateTable('idempotency_keys')
          .set({ response_status: outcome.status, response_body: JSON.stringify(stored) })
          .where('owner', '=', owner)
          .where('key', '=', request.key!)
          .execute();
        return { ...outcome, replayed: false };
      });
    } catch (e) {
      if ((e as { code?: string }).code === '55P03') {
        throw GatewayError.conflict('idempotency_request_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly');
      }
      throw e;
    }
  }

  /** Forgets keys past their retention; run on a schedule. */
  async prune(): Promise<number> {
    const expired = new Date(Date.now() - this.settings.idempotency.ttlHours * 3_600_000);
    const result = await this.db.deleteFrom('idempotency_keys').where('created_at', '<', expired).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
