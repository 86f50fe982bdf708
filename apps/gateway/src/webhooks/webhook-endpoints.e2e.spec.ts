import { createHmac } from 'node:crypto';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';
import { dumpAllRows, recordEvent, startReceiver, waitFor } from './testing-kit';
import { WebhookWorker } from './webhook-worker';
import { WebhooksLifecycle } from './webhooks.lifecycle';

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  disabledAt: string | null;
  secret?: string;
}
interface ErrorBody {
  error: { code: string; message: string; details?: unknown[] };
}

/** Everything under the spec's Redis prefix, values included. */
async function dumpRedis(redis: TestRedis): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.client.scan(cursor, 'MATCH', `${redis.prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.client.type(key);
      const value =
        type === 'string'
          ? await redis.client.get(key)
          : type === 'hash'
            ? await redis.client.hgetall(key)
            : type === 'list'
              ? await redis.client.lrange(key, 0, -1)
              : type === 'set'
                ? await redis.client.smembers(key)
                : type === 'zset'
                  ? await redis.client.zrange(key, 0, -1)
                  : type === 'stream'
                    ? await redis.client.xrange(key, '-', '+')
                    : null;
      out.push(`${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

describe('webhook endpoints (real PostgreSQL and Redis)', () => {
  jest.setTimeout(90_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let secretKey: Buffer;
  const derived = (id: string, version: number) => `whsec_${createHmac('sha256', secretKey).update(`${id}:${version}`).digest('base64url')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    gw = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, env: { WEBHOOK_RELAY_INTERVAL_MS: '200' } });
    secretKey = Buffer.from(gw.env['GATEWAY_SECRET_KEY'], 'hex');
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('registers an endpoint and shows its derived secret once', async () => {
    const created = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', {
      body: { url: 'http://127.0.0.1:9/hooks', events: ['invoice.paid', 'invoice.paid', 'invoice.confirmed'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: 'http://127.0.0.1:9/hooks',
      events: ['invoice.paid', 'invoice.confirmed'],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
      disabledAt: null,
    });
    expect(created.body.secret).toBe(derived(created.body.id, 1));

    const got = await gw.request<Endpoint>('GET', `/v1/webhook-endpoints/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ...created.body, secret: undefined });
    expect('secret' in got.body).toBe(false);
    const list = await gw.request<{ data: Endpoint[]; nextCursor: string | null }>('GET', '/v1/webhook-endpoints');
    expect(list.body.data.map((e) => e.id)).toContain(created.body.id);
    expect(list.body.data.every((e) => !('secret' in e))).toBe(true);

    const all = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { body: { url: 'http://127.0.0.1:9/all', events: ['invoice.paid', '*'] } });
    expect(all.body.events).toEqual(['*']);
  });

  it('replays an idempotent registration with the same secret, and refuses the key with another body', async () => {
    const headers = { 'Idempotency-Key': `reg-${Date.now()}` };
    const body = { url: 'http://127.0.0.1:9/idem', events: ['payout.failed'] };
    const first = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { body, headers });
    const again = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await gw.request<ErrorBody>('POST', '/v1/webhook-endpoints', { body: { ...body, events: ['payout.confirmed'] }, headers });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const listed = await gw.request<{ data: Endpoint[] }>('GET', '/v1/webhook-endpoints?limit=100');
    expect(listed.body.data.filter((e) => e.url === body.url)).toHaveLength(1);
  });

  it('rotates the secret (a replay shows the same new one) and disables an endpoint', async () => {
    const created = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { body: { url: 'http://127.0.0.1:9/rot', events: ['*'] } });
    const headers = { 'Idempotency-Key': `rot-${created.body.id}` };
    const rotated = await gw.request<Endpoint>('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { headers });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toBe(derived(created.body.id, 2));
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const replay = await gw.request<Endpoint>('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { headers });
    expect(replay.body.secret).toBe(rotated.body.secret);
    const third = await gw.request<Endpoint>('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`);
    expect(third.body.secret).toBe(derived(created.body.id, 3));

    const disabled = await gw.request<Endpoint>('POST', `/v1/webhook-endpoints/${created.body.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    const twice = await gw.request<Endpoint>('POST', `/v1/webhook-endpoints/${created.body.id}/disable`);
    expect(twice.body.disabledAt).toBe(disabled.body.disabledAt);
    const refused = await gw.request<ErrorBody>('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('webhook_endpoint_disabled');
  });

  it('stops delivering to a disabled endpoint: its pending deliveries fail without an attempt', async () => {
    const receiver = await startReceiver();
    const lifecycle = gw.service.app.get(WebhooksLifecycle);
    try {
      const early = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { body: { url: receiver.url, events: ['invoice.expired'] } });
      await gw.request('POST', `/v1/webhook-endpoints/${early.body.id}/disable`);
      const rotated = await gw.request<{ data: Endpoint[] }>('GET', '/v1/webhook-endpoints?limit=100');
      const disabledIds = rotated.body.data.filter((e) => e.disabledAt).map((e) => e.id);
      expect(disabledIds).toContain(early.body.id);
      const none = await recordEvent(gw, 'invoice.expired', { n: 1 });
      const deliveries = (await gw.request<{ data: Array<{ endpoint: { id: string } }> }>('GET', `/v1/events/${none}/deliveries`)).body.data;
      expect(deliveries.length).toBeGreaterThan(0);
      // No delivery for a disabled endpoint, whether subscribed to the type or to '*'.
      expect(deliveries.filter((d) => disabledIds.includes(d.endpoint.id))).toEqual([]);

      // Disabled after its delivery was created (the worker stopped meanwhile): the worker gives it up.
      const late = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { body: { url: receiver.url, events: ['invoice.late_payment'] } });
      await lifecycle.stop();
      const eventId = await recordEvent(gw, 'invoice.late_payment', { n: 2 }, { kick: false });
      await gw.request('POST', `/v1/webhook-endpoints/${late.body.id}/disable`);
      lifecycle.start();
      const delivery = await waitFor('the delivery to fail', async () => {
        const page = await gw.request<{ data: Array<{ status: string; lastError: string; attempts: unknown[]; endpoint: { id: string } }> }>('GET', `/v1/events/${eventId}/deliveries`);
        const d = page.body.data.find((x) => x.endpoint.id === late.body.id);
        return d?.status === 'failed' ? d : undefined;
      });
      expect(delivery).toMatchObject({ endpoint: { id: late.body.id }, lastError: 'endpoint disabled', attempts: [] });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      if (!gw.service.app.get(WebhookWorker).stats().running) lifecycle.start();
      await receiver.close();
    }
  });

  it('refuses bad input with the error shape, never a 500', async () => {
    const post = (body: unknown) => gw.request<ErrorBody>('POST', '/v1/webhook-endpoints', { body });
    for (const body of [{}, { url: 'http://127.0.0.1/x' }, { url: 'http://127.0.0.1/x', events: [] }, { url: 'http://127.0.0.1/x', events: ['invoice.nope'] }, { url: 42, events: ['*'] }]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
    for (const url of ['not a url', '/relative', 'ftp://127.0.0.1/x', 'http://user:pass@127.0.0.1/x']) {
      const r = await post({ url, events: ['*'] });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('webhook_url_refused');
      expect(JSON.stringify(r.body)).not.toContain('pass');
    }
    expect((await post({ url: `http://127.0.0.1/${'a'.repeat(2100)}`, events: ['*'] })).body.error.code).toBe('validation_failed');
    for (const path of ['/v1/webhook-endpoints/not-a-uuid', '/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000']) {
      const r = await gw.request<ErrorBody>('GET', path);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('webhook_endpoint_not_found');
    }
    expect((await gw.request<ErrorBody>('POST', '/v1/webhook-endpoints/nope/disable')).status).toBe(404);
    expect((await gw.request<ErrorBody>('POST', '/v1/webhook-endpoints/nope/rotate-secret')).status).toBe(404);
    expect((await gw.request<ErrorBody>('GET', '/v1/webhook-endpoints?cursor=zzz')).body.error.code).toBe('invalid_cursor');
  });

  it('needs the webhooks:write scope', async () => {
    const reader = await gw.mintKey(['invoices:read'], 'reader');
    const writer = await gw.mintKey(['webhooks:write'], 'writer');
    expect((await gw.request('GET', '/v1/webhook-endpoints', { key: reader })).status).toBe(403);
    expect((await gw.request('GET', '/v1/events', { key: reader })).status).toBe(403);
    expect((await gw.request('GET', '/v1/webhook-endpoints', { key: null })).status).toBe(401);
    const created = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { key: writer, body: { url: 'http://127.0.0.1:9/w', events: ['*'] } });
    expect(created.status).toBe(201);
    expect((await gw.request('GET', '/v1/events', { key: writer })).status).toBe(200);
  });

  it('describes what the API does in the OpenAPI document', async () => {
    const doc = await gw.request<{ paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>; components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } }>(
      'GET',
      '/docs-json',
    );
    expect(doc.status).toBe(200);
    const paths = doc.body.paths;
    expect(Object.keys(paths['/v1/webhook-endpoints/{id}/rotate-secret'].post.responses)).toEqual(['200']);
    expect(Object.keys(paths['/v1/webhook-endpoints'].post.responses)).toEqual(['201']);
    expect(Object.keys(paths['/v1/webhook-endpoints/{id}/disable'].post.responses)).toEqual(['200']);
    expect(Object.keys(paths['/v1/events/{id}/redeliver'].post.responses)).toEqual(['202']);
    for (const p of ['/v1/events', '/v1/events/{id}', '/v1/events/{id}/deliveries', '/v1/webhook-endpoints/{id}']) expect(paths[p].get).toBeDefined();
    const schemas = doc.body.components.schemas;
    expect(Object.keys(schemas['CreateWebhookEndpointDto'].properties).sort()).toEqual(['events', 'url']);
    expect(Object.keys(schemas['WebhookEndpointWithSecretDto'].properties).sort()).toEqual(['createdAt', 'disabledAt', 'events', 'id', 'secret', 'url']);
    expect(Object.keys(schemas['WebhookEndpointDto'].properties)).not.toContain('secret');
    expect(Object.keys(schemas['DeliveryDto'].properties)).toEqual(expect.arrayContaining(['endpoint', 'status', 'attempts']));
  });

  it('keeps every secret out of the database and Redis', async () => {
    const receiver = await startReceiver();
    try {
      const headers = { 'Idempotency-Key': `dump-${Date.now()}` };
      const created = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', { body: { url: receiver.url, events: ['*'] }, headers });
      await gw.request('POST', '/v1/webhook-endpoints', { body: { url: receiver.url, events: ['*'] }, headers });
      const rotated = await gw.request<Endpoint>('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { headers: { 'Idempotency-Key': `dump-rot-${Date.now()}` } });
      const secrets = [created.body.secret, rotated.body.secret].map((s) => s ?? '');
      expect(secrets.every((s) => s.startsWith('whsec_'))).toBe(true);
      // A delivery signed with it, so the queue and the attempt log have had their chance to leak it.
      const eventId = await recordEvent(gw, 'invoice.paid', { amount: '1' });
      await waitFor('the delivery', () => receiver.requests.find((r) => r.headers['tronpay-event-id'] === eventId));

      const rows = await dumpAllRows(db.url);
      expect(rows).toContain(created.body.id);
      expect(rows).toContain('idempotency_keys');
      const keys = await dumpRedis(redis);
      expect(keys).toContain('gateway:bull');
      for (const secret of secrets) {
        const core = secret.slice('whsec_'.length);
        expect(rows).not.toContain(core);
        expect(keys).not.toContain(core);
        expect(rows).not.toContain(Buffer.from(core, 'base64url').toString('hex'));
      }
    } finally {
      await receiver.close();
    }
  });
});
