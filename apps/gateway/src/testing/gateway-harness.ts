import { randomBytes } from 'node:crypto';
import { loadConfig, loadGatewayConfig } from '@tronpay/config';
import { RunningService, startService } from '@tronpay/runtime';
import { gatewayStartOptions } from '../gateway.app';
import { GatewayModule } from '../gateway.module';

export interface GatewayReply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Bearer key; default the admin key; `null` sends none. */
  key?: string | null;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string;
}

export interface GatewayHarness {
  service: RunningService;
  url: string;
  adminKey: string;
  /** The env the gateway was started with, to start another replica on the same stores. */
  env: Record<string, string>;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<GatewayReply<T>>;
  /** Mints a key with these scopes through the API. */
  mintKey(scopes: string[], name?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayHarnessOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** More variables (GATEWAY_*, WEBHOOK_*, TRON_NETWORK, USDT_CONTRACT...). */
  env?: Record<string, string>;
  logger?: boolean;
}

/**
 * A gateway in this process on the spec's own database and Redis prefix, with its real HTTP
 * side (auth middleware, OpenAPI, guards) on a free port. Specs only.
 */
export async function startGateway(options: GatewayHarnessOptions): Promise<GatewayHarness> {
  const adminKey = options.env?.['ADMIN_API_KEY'] ?? `tp_admin_${randomBytes(18).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_API_KEY: adminKey,
    GATEWAY_SECRET_KEY: randomBytes(32).toString('hex'),
    GATEWAY_RATE_LIMIT: '100000',
    TRANSPORT_REQUEST_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  const service = await startService(loadConfig('gateway', env), [GatewayModule.forRoot(loadGatewayConfig(env))], {
    logger: options.logger ?? false,
    ...gatewayStartOptions,
  });
  const request = async <T>(method: string, path: string, o: RequestOptions = {}): Promise<GatewayReply<T>> => {
    const key = o.key === undefined ? adminKey : o.key;
    const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...o.headers };
    let body: string | undefined = o.raw;
    if (body === undefined && o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${service.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (the docs page, metrics)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  return {
    service,
    url: service.url,
    adminKey,
    env,
    request,
    async mintKey(scopes, name = 'spec') {
      const r = await request<{ key: string }>('POST', '/v1/api-keys', { body: { name, scopes } });
      if (r.status !== 201) throw new Error(`minting a key failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.key;
    },
    close: () => service.close(),
  };
}
