import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';
import { HostResolver, ResolvedAddress } from './host-resolver';
import { recordEvent, startConnectionCounter, waitFor } from './testing-kit';

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ reason: string }> };
}
interface Delivery {
  status: string;
  endpoint: { id: string };
  attempts: Array<{ statusCode: number | null; error: string | null }>;
}

describe('webhook SSRF guard on mainnet (real PostgreSQL, Redis and sockets)', () => {
  jest.setTimeout(90_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    gw = await startGateway({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      env: { TRON_NETWORK: 'mainnet', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_DELAY_MS: '400', WEBHOOK_RELAY_INTERVAL_MS: '200' },
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it.each([
    ['http://shop.example.com/hook', 'https'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://10.0.0.1/hook', 'private'],
    ['https://[::1]/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://localhost/hook', 'loopback name'],
    ['https://100.64.0.1/hook', 'carrier-grade NAT'],
    ['https://[::ffff:192.168.0.1]/hook', 'IPv4-mapped form of a private'],
    ['https://user:pw@shop.example.com/hook', 'credentials'],
  ])('refuses to register %s (%s)', async (url, why) => {
    const r = await gw.request<ErrorBody>('POST', '/v1/webhook-endpoints', { body: { url, events: ['*'] } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('webhook_url_refused');
    expect(r.body.error.details?.[0].reason).toContain(why);
  });

  it('refuses a delivery whose name resolves to loopback at delivery time (DNS rebinding), and logs it as an attempt', async () => {
    const counter = await startConnectionCounter();
    const resolver = gw.service.app.get(HostResolver);
    const real = resolver.resolve.bind(resolver);
    let asked = 0;
    // The attacker's DNS: a public address while the URL is checked, loopback once it is called.
    jest.spyOn(resolver, 'resolve').mockImplementation(async (host: string): Promise<ResolvedAddress[]> => {
      if (host !== 'hooks.rebind.example') return real(host);
      return asked++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    });
    try {
      const endpoint = await gw.request<{ id: string }>('POST', '/v1/webhook-endpoints', {
        body: { url: `https://hooks.rebind.example:${counter.port}/hook`, events: ['invoice.paid'] },
      });
      expect(endpoint.status).toBe(201);
      const eventId = await recordEvent(gw, 'invoice.paid', { invoiceId: 'inv_ssrf' });
      const delivery = await waitFor('two refused attempts', async () => {
        const page = await gw.request<{ data: Delivery[] }>('GET', `/v1/events/${eventId}/deliveries`);
        const d = page.body.data.find((x) => x.endpoint.id === endpoint.body.id);
        return d && d.attempts.length >= 2 ? d : undefined;
      });
      for (const a of delivery.attempts) expect(a).toEqual({ ...a, statusCode: null, error: 'refused: 127.0.0.1 is a loopback address' });
      expect(delivery.status).toBe('pending');
      expect(asked).toBeGreaterThan(2);
      expect(counter.connections()).toBe(0);
      await gw.request('POST', `/v1/webhook-endpoints/${endpoint.body.id}/disable`);
    } finally {
      await counter.close();
    }
  });
});
