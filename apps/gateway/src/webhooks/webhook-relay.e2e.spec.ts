import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { verifyWebhook } from '@tronpay/webhooks';
import { EventCommits } from '../events/event-commits';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';
import { query, Receiver, recordEvent, startReceiver, waitFor } from './testing-kit';
import { WebhookDispatcher } from './webhook-dispatcher';

describe('webhook relay: the outbox survives a gateway that stops before enqueueing (real PostgreSQL and Redis)', () => {
  jest.setTimeout(90_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let rx: Receiver;
  let first: GatewayHarness | undefined;
  let second: GatewayHarness | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    rx = await startReceiver();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await rx?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('delivers, from a new instance, events recorded by one that stopped before kicking the dispatcher', async () => {
    const options = { databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix };
    // Its relay passes once at start, then not for ten minutes: nothing recorded afterwards is enqueued.
    first = await startGateway({ ...options, env: { WEBHOOK_RELAY_INTERVAL_MS: '600000' } });
    const endpoint = await first.request<{ id: string; secret: string }>('POST', '/v1/webhook-endpoints', { body: { url: rx.url, events: ['*'] } });
    expect(endpoint.status).toBe(201);
    const ids: string[] = [];
    for (const type of ['invoice.paid', 'invoice.confirmed', 'payout.broadcast'] as const) ids.push(await recordEvent(first, type, { type }, { kick: false }));
    await first.close();
    const env = first.env;
    first = undefined;

    const stored = await query<{ status: string; enqueued_at: Date | null }>(db.url, 'select status, enqueued_at from gateway.webhook_deliveries');
    expect(stored).toHaveLength(3);
    expect(stored.every((d) => d.status === 'pending' && d.enqueued_at === null)).toBe(true);
    expect(rx.requests).toHaveLength(0);

    // The same GATEWAY_SECRET_KEY, so the endpoint's secret is unchanged.
    second = await startGateway({ ...options, env: { ...env, WEBHOOK_RELAY_INTERVAL_MS: '200' } });
    await waitFor('every event', () => ids.every((id) => rx.requests.some((r) => r.headers['tronpay-event-id'] === id)));
    for (const r of rx.requests) expect(ids).toContain(verifyWebhook(r.body, r.headers['tronpay-signature'] as string, endpoint.body.secret).id);
    await waitFor('all delivered', async () => {
      const rows = await query<{ status: string }>(db.url, 'select status from gateway.webhook_deliveries');
      return rows.every((d) => d.status === 'delivered');
    });
    expect(rx.requests).toHaveLength(3);
  });

  it('relays at once when a feature announces its commit through EventCommits', async () => {
    const options = { databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix };
    await second?.close();
    // No relay pass for ten minutes after the one at start: only the announcement can enqueue.
    second = await startGateway({ ...options, env: { WEBHOOK_RELAY_INTERVAL_MS: '600000' } });
    const dispatcher = second.service.app.get(WebhookDispatcher);
    expect((await second.request('POST', '/v1/webhook-endpoints', { body: { url: rx.url, events: ['invoice.expired'] } })).status).toBe(201);
    await waitFor('the relay pass at start', () => dispatcher.stats().lastRunAt !== null);
    const eventId = await recordEvent(second, 'invoice.expired', { n: 1 }, { kick: false });
    second.service.app.get(EventCommits).committed();
    await waitFor('the event', () => rx.requests.some((r) => r.headers['tronpay-event-id'] === eventId));
  });
});

describe('webhook worker shutdown (real PostgreSQL, Redis and HTTP receivers)', () => {
  jest.setTimeout(90_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let rx: Receiver;
  let gw: GatewayHarness | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
  });
  afterAll(async () => {
    await gw?.close();
    await rx?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('cuts off an attempt to a hanging receiver when stopping, logs it, and the next instance delivers', async () => {
    let healthy = false;
    rx = await startReceiver({ respond: () => (healthy ? 200 : 'hang') });
    const options = { databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix };
    // The receiver would hold the attempt for 30 s; the shutdown gives it half of one second.
    const first = await startGateway({ ...options, env: { SHUTDOWN_TIMEOUT_MS: '1000', WEBHOOK_TIMEOUT_MS: '30000', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RELAY_INTERVAL_MS: '200' } });
    const endpoint = await first.request<{ id: string; secret: string }>('POST', '/v1/webhook-endpoints', { body: { url: rx.url, events: ['*'] } });
    const eventId = await recordEvent(first, 'invoice.paid', { invoiceId: 'inv_stop' });
    await waitFor('the hanging request', () => rx.hanging() === 1);
    await first.close();

    const [attempt] = await query<{ status_code: number | null; error: string }>(db.url, 'select status_code, error from gateway.webhook_attempts');
    expect(attempt).toEqual({ status_code: null, error: 'aborted: the gateway was stopping' });
    const [delivery] = await query<{ status: string }>(db.url, 'select status from gateway.webhook_deliveries');
    expect(delivery.status).toBe('pending');

    healthy = true;
    gw = await startGateway({ ...options, env: { ...first.env, SHUTDOWN_TIMEOUT_MS: '10000' } });
    await waitFor('the delivery', async () => (await query<{ status: string }>(db.url, 'select status from gateway.webhook_deliveries'))[0].status === 'delivered');
    const last = rx.requests[rx.requests.length - 1];
    expect(verifyWebhook(last.body, last.headers['tronpay-signature'] as string, endpoint.body.secret).id).toBe(eventId);
  });
});
