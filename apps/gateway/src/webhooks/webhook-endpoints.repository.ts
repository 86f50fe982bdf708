import { Injectable } from '@nestjs/common';
import { Database } from '@tronpay/runtime';
import { GatewayDb, gatewayDb } from '../gateway.database';
import type { CursorPosition } from '../http/pagination';
import type { GatewayTx } from '../idempotency/idempotency.service';

export interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  secretVersion: number;
  createdBy: string;
  createdAt: Date;
  disabledAt: Date | null;
}

const COLUMNS = ['id', 'url', 'events', 'secret_version', 'created_by', 'created_at', 'disabled_at'] as const;

type Raw = { id: string; url: string; events: string[]; secret_version: number; created_by: string; created_at: Date; disabled_at: Date | null };

function toRow(r: Raw): EndpointRow {
  return { id: r.id, url: r.url, events: r.events, secretVersion: r.secret_version, createdBy: r.created_by, createdAt: r.created_at, disabledAt: r.disabled_at };
}

@Injectable()
export class WebhookEndpointsRepository {
  private readonly db: GatewayDb;

  constructor(database: Database) {
    this.db = gatewayDb(database);
  }

  async insert(values: { url: string; events: string[]; secretVersion: number; createdBy: string }, tx?: GatewayTx): Promise<EndpointRow> {
    const db = tx ?? this.db;
    const row = await db
      .insertInto('webhook_endpoints')
      .values({ url: values.url, events: values.events, secret_version: values.secretVersion, created_by: values.createdBy })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toRow(row);
  }

  async find(id: string): Promise<EndpointRow | null> {
    const row = await this.db.selectFrom('webhook_endpoints').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  async list(limit: number, after?: CursorPosition): Promise<EndpointRow[]> {
    let q = this.db.selectFrom('webhook_endpoints').select(COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (after) {
      q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
    }
    return (await q.execute()).map(toRow);
  }

  /** Disables once; a second call returns the endpoint as it is. */
  async disable(id: string): Promise<EndpointRow | null> {
    const row = await this.db
      .updateTable('webhook_endpoints')
      .set({ disabled_at: new Date() })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .returning(COLUMNS)
      .executeTakeFirst();
    return row ? toRow(row) : this.find(id);
  }

  async bumpSecretVersion(id: string, tx?: GatewayTx): Promise<EndpointRow | null> {
    const db = tx ?? this.db;
    const row = await db
      .updateTable('webhook_endpoints')
      .set((eb) => ({ secret_version: eb('secret_version', '+', 1) }))
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst();
    return row ? toRow(row) : null;
  }
}
