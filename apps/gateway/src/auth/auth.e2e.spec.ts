import { Client } from 'pg';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';

describe('gateway API keys, scopes and rate limits (real PostgreSQL and Redis)', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    gw = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix });
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('refuses a request without a key, or with an unknown one, with 401 and the error shape', async () => {
    const none = await gw.request('GET', '/v1/api-keys', { key: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const unknown = await gw.request('GET', '/v1/api-keys', { key: 'tp_not-a-real-key-at-all-000000' });
    expect(unknown.status).toBe(401);
    expect((unknown.body as { error: { code: string } }).error.code).toBe('invalid_api_key');
    // An unknown path is not revealed without a key.
    expect((await gw.request('GET', '/v1/no-such-thing', { key: null })).status).toBe(401);
    expect((await gw.request('GET', '/v1/no-such-thing')).status).toBe(404);
  });

  it('refuses every documented endpoint but /health/* and /metrics without a valid key', async () => {
    const doc = (await gw.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs-json')).body;
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), path] as const));
    expect(routes.length).toBeGreaterThan(40);
    let refused = 0;
    for (const [method, template] of routes) {
      const path = template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const open = path === '/metrics' || path.startsWith('/health/');
      for (const key of [null, 'tp_not-a-real-key-at-all-000000']) {
        const r = await gw.request(method, path, { key, body: method === 'GET' ? undefined : {} });
        if (open) expect([method, path, r.status]).toEqual([method, path, 200]);
        else {
          expect([method, path, r.status]).toEqual([method, path, 401]);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(80);
    // The docs themselves need a key too (Bearer, or Basic with the key as password for a browser).
    expect((await gw.request('GET', '/docs', { key: null })).headers.get('www-authenticate')).toMatch(/^Basic/);
    const basic = Buffer.from(`any:${gw.adminKey}`).toString('base64');
    expect((await gw.request('GET', '/docs', { key: null, headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
  });

  it('leaves /health/* and /metrics open', async () => {
    expect((await gw.request('GET', '/health/live', { key: null })).status).toBe(200);
    expect((await gw.request('GET', '/metrics', { key: null })).status).toBe(200);
  });

  it('mints a key once, stores only its hash, enforces its scopes and honours revocation', async () => {
    const minted = await gw.request<{ id: string; key: string; prefix: string; scopes: string[] }>('POST', '/v1/api-keys', {
      body: { name: 'reader', scopes: ['invoices:read'] },
    });
    expect(minted.status).toBe(201);
    expect(minted.body.key).toMatch(/^tp_[A-Za-z0-9_-]{32}$/);
    expect(minted.body.key.startsWith(minted.body.prefix)).toBe(true);

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const dump = JSON.stringify((await pg.query('select * from gateway.api_keys')).rows);
    await pg.end();
    expect(dump).not.toContain(minted.body.key);
    expect(dump).toContain(minted.body.prefix);

    // Lacks admin: 403, not 401.
    const forbidden = await gw.request('GET', '/v1/api-keys', { key: minted.body.key });
    expect(forbidden.status).toBe(403);
    expect((forbidden.body as { error: { code: string } }).error.code).toBe('forbidden');

    const list = await gw.request<{ data: Array<{ id: string; key?: string }> }>('GET', '/v1/api-keys');
    expect(list.body.data.map((k) => k.id)).toContain(minted.body.id);
    expect(list.body.data.every((k) => k.key === undefined)).toBe(true);

    expect((await gw.request('POST', `/v1/api-keys/${minted.body.id}/revoke`)).status).toBe(201);
    // The revoking replica forgets its cached lookups at once.
    expect((await gw.request('GET', '/v1/api-keys', { key: minted.body.key })).status).toBe(401);
  });

  it('refuses unknown scopes and malformed bodies with 400 validation_failed', async () => {
    const bad = await gw.request<{ error: { code: string; details: unknown[] } }>('POST', '/v1/api-keys', { body: { name: 'x', scopes: ['root'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const json = await gw.request<{ error: { code: string } }>('POST', '/v1/api-keys', { raw: '{"name":' });
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('invalid_json');
  });

  it('limits requests per key across routes and replicas with 429 and Retry-After, other keys unaffected', async () => {
    const limits = { GATEWAY_RATE_LIMIT: '5', GATEWAY_RATE_LIMIT_WINDOW_MS: '60000' };
    const one = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, env: { ...limits, ADMIN_API_KEY: gw.adminKey } });
    const two = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, env: { ...limits, ADMIN_API_KEY: gw.adminKey } });
    try {
      const a = await gw.mintKey(['invoices:read'], 'a');
      const b = await gw.mintKey(['invoices:read'], 'b');
      const statuses: number[] = [];
      // Five requests spread over two replicas and two routes use up the key's budget.
      for (let i = 0; i < 5; i++) statuses.push((await (i % 2 ? one : two).request('GET', i % 2 ? '/v1/api-keys' : '/v1/invoices', { key: a })).status);
      expect(statuses).not.toContain(429);
      const limited = await one.request<{ error: { code: string } }>('GET', '/v1/invoices', { key: a });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await two.request('GET', '/v1/invoices', { key: a })).status).toBe(429);
      expect((await two.request('GET', '/v1/api-keys', { key: b })).status).toBe(403);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
