import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import { API_SCOPES, ApiScope } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { GatewayError } from '../http/gateway.errors';
import { DEFAULT_LIMIT, decodeCursor, Page, toPage } from '../http/pagination';
import { ApiKeyRow, ApiKeysRepository } from './api-keys.repository';
import type { Principal } from './principal';

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  revokedAt: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

function view(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.keyPrefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * API keys: minted by an admin, shown once, stored as SHA-256 (a key is 192 random bits, so a
 * fast hash is enough). Lookups are cached a few seconds per replica; a revocation reaches the
 * other replicas within that time.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');
  private readonly adminHash: Buffer | null;
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: ApiKeysRepository,
  ) {
    this.adminHash = config.secrets.adminApiKey ? sha256(config.secrets.adminApiKey) : null;
    if (!this.adminHash) this.logger.warn('ADMIN_API_KEY is not set: no admin key, so no API key can be minted');
  }

  /** The principal of a presented key, or null for an unknown or revoked one. */
  async authenticate(key: string): Promise<Principal | null> {
    if (key.length < 16 || key.length > 256) return null;
    const digest = sha256(key);
    if (this.adminHash && timingSafeEqual(digest, this.adminHash)) return { keyId: 'admin', name: 'bootstrap admin', scopes: ['admin'] };
    const hash = digest.toString('hex');
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const row = await this.repository.findActiveByHash(hash);
    const principal: Principal | null = row ? { keyId: row.id, name: row.name, scopes: row.scopes } : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { principal, until: Date.now() + CACHE_TTL_MS });
    return principal;
  }

  async mint(by: Principal, name: string, scopes: ApiScope[]): Promise<ApiKeyView & { key: string }> {
    const unknown = scopes.filter((s) => !API_SCOPES.includes(s));
    if (unknown.length) throw GatewayError.badRequest('validation_failed', `unknown scopes: ${unknown.join(', ')}`);
    const key = `tp_${randomBytes(24).toString('base64url')}`;
    const row = await this.repository.insert({
      name,
      keyPrefix: key.slice(0, 10),
      keyHash: sha256(key).toString('hex'),
      scopes: [...new Set(scopes)],
      createdBy: by.keyId,
    });
    return { ...view(row), key };
  }

  async list(limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<ApiKeyView>> {
    const rows = await this.repository.list(limit + 1, decodeCursor(cursor));
    return toPage(rows, limit, view);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const row = await this.repository.revoke(id);
    if (!row) throw GatewayError.notFound('api_key');
    this.cache.clear();
    return view(row);
  }
}
