import { Injectable } from '@nestjs/common';
import type { ApiScope } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { GatewayDb, gatewayDb } from '../gateway.database';

export interface ApiKeyRow {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: ApiScope[];
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const COLUMNS = ['id', 'name', 'key_prefix', 'scopes', 'created_by', 'created_at', 'revoked_at'] as const;

function toRow(r: { id: string; name: string; key_prefix: string; scopes: ApiScope[]; created_by: string; created_at: Date; revoked_at: Date | null }): ApiKeyRow {
  return { id: r.id, name: r.name, keyPrefix: r.key_prefix, scopes: r.scopes, createdBy: r.created_by, createdAt: r.created_at, revokedAt: r.revoked_at };
}

@Injectable()
export class ApiKeysRepository {
  private readonly db: GatewayDb;

  constructor(database: Database) {
    this.db = gatewayDb(database);
  }

  async insert(values: { name: string; keyPrefix: string; keyHash: string; scopes: ApiScope[]; createdBy: string }): Promise<ApiKeyRow> {
    const row = await this.db
      .insertInto('api_keys')
      .values({ name: values.name, key_prefix: values.keyPrefix, key_hash: values.keyHash, scopes: values.scopes, created_by: values.createdBy })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toRow(row);
  }

  async findActiveByHash(keyHash: string): Promise<ApiKeyRow | null> {
    const row = await this.db.selectFrom('api_keys').select(COLUMNS).where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  async list(limit: number, after?: { createdAt: Date; id: string }): Promise<ApiKeyRow[]> {
    let q = this.db.selectFrom('api_keys').select(COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
      );
    }
    return (await q.execute()).map(toRow);
  }

  async revoke(id: string): Promise<ApiKeyRow | null> {
    const row = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (row) return toRow(row);
    const existing = await this.db.selectFrom('api_keys').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return existing ? toRow(existing) : null;
  }
}
