import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { RestartRegistry, StatsRegistry } from '@tronpay/runtime';
import { verifyWebhook } from '@tronpay/webhooks';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';
import { query, Receiver, recordEvent, startReceiver, waitFor } from './testing-kit';

interface Attempt {
  attempt: number;
  startedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}
interface Delivery {
  id: string;
  endpoint: { id: string; url: string };
  status: 'pending' | 'delivered' | 'failed';
  round: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  attempts: Attempt[];
}
interface ErrorBody {
  error: { code: string };
}

describe('webhook delivery (real PostgreSQL, Redis and HTTP receivers)', () => {
  jest.setTimeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  const receivers: Receiver[] = [];

  const receiver = async (options: Parameters<typeof startReceiver>[0] = {}) => {
    const r = await startReceiver(options);
    receivers.push(r);
    return r;
  };
  const register = async (url: string, events: string[]) => {
    const r = await gw.request<{ id: string; secret: string }>('POST', '/v1/webhook-endpoints', { body: { url, events } });
    expect(r.status).toBe(201);
    return r.body;
  };
  const deliveryTo = async (eventId: string, endpointId: string): Promise<Delivery | undefined> => {
    const page = await gw.request<{ data: Delivery[] }>('GET', `/v1/events/${eventId}/deliveries`);
    return page.body.data.find((d) => d.endpoint.id === endpointId);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    gw = await startGateway({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      env: {
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_DELAY_MS: '400',
        WEBHOOK_RELAY_INTERVAL_MS: '200',
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_CONCURRENCY: '2',
        WEBHOOK_ENDPOINT_CONCURRENCY: '1',
      },
    });
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('delivers the stored event, byte for byte, with a signature verifyWebhook accepts', async () => {
    const rx = await receiver();
    const endpoint = await register(rx.url, ['invoice.paid']);
    const eventId = await recordEvent(gw, 'invoice.paid', { invoiceId: 'inv_1', amount: '10.5', nested: { z: 1, a: [true, null] } });
    const request = await waitFor('the webhook', () => rx.requests.find((r) => r.headers['tronpay-event-id'] === eventId));

    const [row] = await query<{ id: string; type: string; data: unknown; created_at: Date }>(db.url, 'select id, type, data, created_at from gateway.events where id = $1', [eventId]);
    expect(request.body).toBe(JSON.stringify({ id: row.id, type: row.type, createdAt: row.created_at.toISOString(), data: row.data }));
    const header = request.headers['tronpay-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = verifyWebhook(request.body, header, endpoint.secret);
    expect(event).toEqual((await gw.request('GET', `/v1/events/${eventId}`)).body);
    expect(event.data).toEqual({ invoiceId: 'inv_1', amount: '10.5', nested: { z: 1, a: [true, null] } });
    expect(() => verifyWebhook(request.body, header, `${endpoint.secret}x`)).toThrow(/signature/);
    expect(request).toMatchObject({ method: 'POST', path: '/hooks' });
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'tronpay-event-type': 'invoice.paid', 'user-agent': 'tronpay-webhooks/1' });

    const delivery = await waitFor('delivered', async () => {
      const d = await deliveryTo(eventId, endpoint.id);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(delivery).toMatchObject({ round: 0, nextAttemptAt: null, lastStatusCode: 200, lastError: null, deliveredAt: expect.any(String) });
    expect(delivery.attempts).toEqual([{ attempt: 1, startedAt: expect.any(String), statusCode: 200, latencyMs: expect.any(Number), error: null }]);
  });

  it('retries a receiver that is down, then failing, until it answers 2xx, logging every attempt', async () => {
    const rx = await receiver({ listen: false, respond: (_, i) => (i === 0 ? 500 : 200) });
    const endpoint = await register(rx.url, ['payout.failed']);
    const eventId = await recordEvent(gw, 'payout.failed', { payoutId: 'po_1' });

    await waitFor('a refused attempt', async () => ((await deliveryTo(eventId, endpoint.id))?.attempts.length ?? 0) > 0);
    await rx.listen();
    const delivery = await waitFor('delivered', async () => {
      const d = await deliveryTo(eventId, endpoint.id);
      return d?.status === 'delivered' ? d : undefined;
    });

    const refused = delivery.attempts.slice(0, -2);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) expect(a).toMatchObject({ statusCode: null, error: expect.stringContaining('ECONNREFUSED') });
    expect(delivery.attempts.slice(-2)).toMatchObject([
      { statusCode: 500, error: 'HTTP 500' },
      { statusCode: 200, error: null },
    ]);
    expect(delivery.attempts.map((a) => a.attempt)).toEqual(delivery.attempts.map((_, i) => i + 1));
    expect(delivery.attempts.every((a) => a.latencyMs >= 0)).toBe(true);
    expect(delivery).toMatchObject({ lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    // The receiver saw the same signed body twice (500, then 200).
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[1].body).toBe(rx.requests[0].body);
    for (const r of rx.requests) expect(verifyWebhook(r.body, r.headers['tronpay-signature'] as string, endpoint.secret).id).toBe(eventId);
    const [{ attempts }] = await query<{ attempts: number }>(db.url, 'select attempts from gateway.webhook_deliveries where id = $1', [delivery.id]);
    expect(attempts).toBe(delivery.attempts.length);
  });

  it('keeps delivering to other endpoints while one receiver hangs past the timeout', async () => {
    const slow = await receiver({ respond: () => 'hang' });
    const fast = await receiver();
    const slowEndpoint = await register(slow.url, ['invoice.partially_paid']);
    const fastEndpoint = await register(fast.url, ['invoice.partially_paid']);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await recordEvent(gw, 'invoice.partially_paid', { n: i }));

    await waitFor('every event at the fast receiver', () => ids.every((id) => fast.requests.some((r) => r.headers['tronpay-event-id'] === id)));
    // No attempt to the slow receiver has ended yet (it only ends by the 5 s timeout), so none
    // of the fast deliveries waited behind it; and it holds at most one delivery at a time.
    const [{ n: slowAttempts }] = await query<{ n: string }>(
      db.url,
      'select count(*) as n from gateway.webhook_attempts a join gateway.webhook_deliveries d on d.id = a.delivery_id where d.endpoint_id = $1',
      [slowEndpoint.id],
    );
    expect(Number(slowAttempts)).toBe(0);
    const slowPending = await query(db.url, `select id from gateway.webhook_deliveries where endpoint_id = $1 and status = 'pending'`, [slowEndpoint.id]);
    expect(slowPending).toHaveLength(ids.length);
    expect(slow.requests.length).toBeLessThanOrEqual(1);
    for (const id of ids) expect((await deliveryTo(id, fastEndpoint.id))?.status).toBe('delivered');

    // The hung request ends at the timeout, as a logged attempt.
    const timedOut = await waitFor('the timed-out attempt', async () => {
      for (const id of ids) {
        const a = (await deliveryTo(id, slowEndpoint.id))?.attempts[0];
        if (a) return a;
      }
      return undefined;
    });
    expect(timedOut).toMatchObject({ statusCode: null, error: 'timed out after 5000 ms' });
    await gw.request('POST', `/v1/webhook-endpoints/${slowEndpoint.id}/disable`);
  });

  it('redelivers an event as a new round, and to endpoints subscribed since', async () => {
    const rx = await receiver();
    const endpoint = await register(rx.url, ['invoice.confirmed']);
    const eventId = await recordEvent(gw, 'invoice.confirmed', { invoiceId: 'inv_2' });
    await waitFor('first delivery', async () => (await deliveryTo(eventId, endpoint.id))?.status === 'delivered');
    expect(rx.requests).toHaveLength(1);

    const redelivered = await gw.request<{ eventId: string; deliveries: Array<{ endpointId: string; round: number }> }>('POST', `/v1/events/${eventId}/redeliver`, { body: {} });
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toEqual({ eventId, deliveries: [{ id: expect.any(String), endpointId: endpoint.id, round: 1 }] });
    await waitFor('the second request', () => rx.requests.length === 2);
    expect(rx.requests[1].body).toBe(rx.requests[0].body);
    expect(rx.requests[1].headers['tronpay-event-id']).toBe(eventId);
    const again = await waitFor('second delivery', async () => {
      const d = await deliveryTo(eventId, endpoint.id);
      return d?.status === 'delivered' && d.round === 1 ? d : undefined;
    });
    expect(again.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 200],
      [2, 200],
    ]);

    // An endpoint registered after the event gets it on redelivery (to it alone here).
    const later = await receiver();
    const laterEndpoint = await register(later.url, ['invoice.confirmed']);
    const only = await gw.request<{ deliveries: Array<{ endpointId: string; round: number }> }>('POST', `/v1/events/${eventId}/redeliver`, { body: { endpointId: laterEndpoint.id } });
    expect(only.status).toBe(202);
    expect(only.body.deliveries).toEqual([{ id: expect.any(String), endpointId: laterEndpoint.id, round: 0 }]);
    await waitFor('the late endpoint', () => later.requests.length === 1);
    expect(verifyWebhook(later.requests[0].body, later.requests[0].headers['tronpay-signature'] as string, laterEndpoint.secret).id).toBe(eventId);
    expect(rx.requests).toHaveLength(2);

    const unsubscribed = await register(later.url, ['payout.rejected']);
    const refused = await gw.request<ErrorBody>('POST', `/v1/events/${eventId}/redeliver`, { body: { endpointId: unsubscribed.id } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('webhook_endpoint_not_subscribed');
    expect((await gw.request<ErrorBody>('POST', `/v1/events/${eventId}/redeliver`, { body: { endpointId: 'nope' } })).body.error.code).toBe('webhook_endpoint_not_found');
    expect((await gw.request<ErrorBody>('POST', `/v1/events/${eventId}/redeliver`, { body: { other: 1 } })).status).toBe(400);
    // No body at all is the same as {}: every endpoint again.
    const bare = await gw.request<{ deliveries: Array<{ endpointId: string; round: number }> }>('POST', `/v1/events/${eventId}/redeliver`);
    expect(bare.status).toBe(202);
    expect(bare.body.deliveries.map((d) => [d.endpointId, d.round]).sort()).toEqual(
      [
        [endpoint.id, 2],
        [laterEndpoint.id, 1],
      ].sort(),
    );
    await waitFor('the third request', () => rx.requests.length === 3);
    const missing = await gw.request<ErrorBody>('POST', '/v1/events/not-an-id/redeliver', { body: {} });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('event_not_found');
  });

  it('lists and shows events, 404s for malformed or unknown ids, and pages with cursors', async () => {
    const a = await recordEvent(gw, 'payout.rejected', { n: 1 });
    const b = await recordEvent(gw, 'payout.rejected', { n: 2 });
    const first = await gw.request<{ data: Array<{ id: string; type: string }>; nextCursor: string | null }>('GET', '/v1/events?type=payout.rejected&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.data.map((e) => e.id)).toEqual([b]);
    const second = await gw.request<{ data: Array<{ id: string }>; nextCursor: string | null }>('GET', `/v1/events?type=payout.rejected&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((e) => e.id)).toEqual([a]);
    expect(second.body.nextCursor).toBeNull();
    const all = await gw.request<{ data: Array<{ type: string }> }>('GET', '/v1/events?limit=100');
    expect(new Set(all.body.data.map((e) => e.type)).size).toBeGreaterThan(1);

    expect((await gw.request<ErrorBody>('GET', '/v1/events?type=nope')).body.error.code).toBe('validation_failed');
    for (const path of ['/v1/events/not-a-uuid', '/v1/events/00000000-0000-4000-8000-000000000000', '/v1/events/%27%3B--', '/v1/events/x/deliveries']) {
      const r = await gw.request<ErrorBody>('GET', path);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('event_not_found');
    }
  });

  it('keeps delivering after POST /restart stops and starts the worker and the relay', async () => {
    const report = await gw.service.app.get(RestartRegistry).restart();
    expect(report.restarted).toContain('webhook-worker');
    const rx = await receiver();
    const endpoint = await register(rx.url, ['payout.pending_approval']);
    const eventId = await recordEvent(gw, 'payout.pending_approval', { payoutId: 'po_2' });
    await waitFor('delivered after the restart', async () => (await deliveryTo(eventId, endpoint.id))?.status === 'delivered');
    expect(rx.requests).toHaveLength(1);
  });

  it('counts deliveries in stats and metrics', async () => {
    const stats = (await gw.service.app.get(StatsRegistry).collect())['webhooks'] as {
      deliveries: { pending: number; due: number };
      queue: Record<string, number>;
      worker: { running: boolean };
      relay: { running: boolean; relayed: number };
    };
    expect(stats.deliveries.pending).toEqual(expect.any(Number));
    expect(stats.queue).toEqual(expect.objectContaining({ waiting: expect.any(Number), delayed: expect.any(Number) }));
    expect(stats.worker.running).toBe(true);
    expect(stats.relay.relayed).toBeGreaterThan(0);
    const metrics = await gw.request<string>('GET', '/metrics', { key: null });
    // The value of a sample with these labels (in whatever order prom-client prints them).
    const sample = (name: string, label: string) =>
      Number(
        metrics.body
          .split('\n')
          .find((l) => l.startsWith(`${name}{`) && l.includes(label))
          ?.split(' ')
          .pop() ?? NaN,
      );
    expect(sample('tronpay_webhook_deliveries_total', 'outcome="delivered"')).toBeGreaterThan(0);
    expect(sample('tronpay_webhook_deliveries_total', 'outcome="retrying"')).toBeGreaterThan(0);
    expect(sample('tronpay_webhook_delivery_duration_seconds_count', 'result="timeout"')).toBeGreaterThan(0);
    expect(sample('tronpay_webhook_delivery_duration_seconds_count', 'result="success"')).toBeGreaterThan(0);
    expect(sample('tronpay_webhook_deliveries_pending', 'service="gateway"')).toBeGreaterThanOrEqual(0);
  });
});

describe('webhook retry window (real PostgreSQL, Redis and HTTP receivers)', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let rx: Receiver;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    gw = await startGateway({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      env: { WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_DELAY_MS: '200', WEBHOOK_RETRY_WINDOW_MS: '1000', WEBHOOK_RELAY_INTERVAL_MS: '100' },
    });
  });
  afterAll(async () => {
    await rx?.close();
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('fails a delivery once its window closes, and a redelivery gets a window of its own', async () => {
    let healthyAfter = Infinity;
    rx = await startReceiver({ respond: (_, i) => (i >= healthyAfter ? 200 : 500) });
    const endpoint = await gw.request<{ id: string }>('POST', '/v1/webhook-endpoints', { body: { url: rx.url, events: ['*'] } });
    const eventId = await recordEvent(gw, 'invoice.expired', { invoiceId: 'inv_3' });
    const deliveries = async () => (await gw.request<{ data: Delivery[] }>('GET', `/v1/events/${eventId}/deliveries`)).body.data;

    const failed = await waitFor('the delivery to fail', async () => {
      const [d] = await deliveries();
      return d?.status === 'failed' ? d : undefined;
    });
    expect(failed).toMatchObject({ endpoint: { id: endpoint.body.id }, nextAttemptAt: null, lastStatusCode: 500 });
    expect(failed.attempts.length).toBeGreaterThan(1);
    expect(failed.attempts.every((a) => a.statusCode === 500)).toBe(true);

    // Once the event is older than the window, only a window of the redelivery's own allows a retry after its first 500.
    const { createdAt } = (await gw.request<{ createdAt: string }>('GET', `/v1/events/${eventId}`)).body;
    await waitFor('the event to outlive its window', () => Date.now() > Date.parse(createdAt) + 1_500);
    healthyAfter = rx.requests.length + 1;
    expect((await gw.request('POST', `/v1/events/${eventId}/redeliver`, { body: {} })).status).toBe(202);
    const delivered = await waitFor('the redelivery', async () => {
      const [d] = await deliveries();
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(delivered.round).toBe(1);
    expect(delivered.attempts.slice(-2).map((a) => a.statusCode)).toEqual([500, 200]);
  });
});
