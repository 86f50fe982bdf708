import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { PAYOUT_STATUS_EVENT } from '@tronpay/models';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { RedisStreamsClient } from '@tronpay/transport';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';
import { Receiver, startReceiver } from '../webhooks/testing-kit';

async function eventually<T>(fn: () => Promise<T | false | undefined | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface EventBody {
  id: string;
  type: string;
  data: { payout: { id: string; status: string } };
}

// The payout service's `payout.status.v1` events, as the transport delivers them (at least once),
// become one webhook event each in the gateway's outbox, delivered once per endpoint.
describe('payout events into the webhook outbox (real PostgreSQL, Redis transport)', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let client: RedisStreamsClient;
  let receiver: Receiver;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    gw = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, env: { WEBHOOK_RELAY_INTERVAL_MS: '200' } });
    receiver = await startReceiver();
    expect((await gw.request('POST', '/v1/webhook-endpoints', { body: { url: receiver.url, events: ['payout.confirmed', 'payout.broadcast'] } })).status).toBe(201);
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await receiver?.close();
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const emit = (event: object) => lastValueFrom(client.emit(PAYOUT_STATUS_EVENT, event), { defaultValue: undefined });
  const payout = (status: string) => ({ id: randomUUID(), status, currency: 'TRX', amount: '1.5', to: 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy' });

  it('records a payout event under its own id, once however often it is delivered, and delivers it once', async () => {
    const eventId = randomUUID();
    const event = { eventId, type: 'payout.confirmed', payout: payout('confirmed'), occurredAt: new Date().toISOString() };
    await emit(event);
    await emit(event);
    await emit(event);
    const stored = await eventually(async () => {
      const r = await gw.request<EventBody>('GET', `/v1/events/${eventId}`);
      return r.status === 200 && r.body;
    }, 'the event');
    expect(stored).toMatchObject({ id: eventId, type: 'payout.confirmed', data: { payout: { id: event.payout.id, status: 'confirmed' } } });
    await eventually(async () => receiver.requests.length >= 1, 'the delivery');
    // A later, different event comes after the three copies: when it has arrived, the copies would have too.
    const next = { eventId: randomUUID(), type: 'payout.broadcast', payout: payout('broadcast'), occurredAt: new Date().toISOString() };
    await emit(next);
    await eventually(async () => receiver.requests.some((r) => r.body.includes(next.eventId)), 'the second delivery');
    expect(receiver.requests.filter((r) => r.body.includes(eventId))).toHaveLength(1);
    const list = await gw.request<{ data: EventBody[] }>('GET', '/v1/events?limit=100');
    expect(list.body.data.filter((e) => e.id === eventId)).toHaveLength(1);
  });

  it('ignores a malformed event (the transport\'s pipe refuses it) and keeps serving', async () => {
    const bad = { eventId: 'not-a-uuid', type: 'payout.sent', payout: payout('queued'), occurredAt: 'yesterday' };
    await emit(bad);
    const good = { eventId: randomUUID(), type: 'payout.pending_approval', payout: payout('pending_approval'), occurredAt: new Date().toISOString() };
    await emit(good);
    await eventually(async () => (await gw.request('GET', `/v1/events/${good.eventId}`)).status === 200, 'the good event');
    const list = await gw.request<{ data: EventBody[] }>('GET', '/v1/events?limit=100');
    expect(list.body.data.map((e) => e.type)).not.toContain('payout.sent');
  });
});
