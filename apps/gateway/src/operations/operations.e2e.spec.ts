import { randomBytes } from 'node:crypto';
import { createTestDatabase, createTestRedis, ServiceProcess, spawnApp, TestDatabase, TestRedis, waitForStatus } from '@tronpay/testing';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';

type ErrorBody = { error: { code: string; message: string } };
type Entry = Record<string, unknown> & { error?: { code: string; message: string } };

const SERVICES = ['tron-client', 'wallet', 'usdt', 'staking', 'gateway', 'payout'];

describe('operator endpoints against a running wallet service and the gateway (PostgreSQL, Redis transport)', () => {
  jest.setTimeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let wallet: ServiceProcess;
  let gw: GatewayHarness;
  let viewer: string;
  let databaseUrl: string;
  let dbPassword: string;
  const kek = randomBytes(32);

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    // A password in the URL (ignored by a trust-auth server, required by a password one), so /config has one to hide.
    const url = new URL(db.url);
    if (!url.password) url.password = `pg-${randomBytes(9).toString('hex')}`;
    databaseUrl = url.toString();
    dbPassword = decodeURIComponent(url.password);
    wallet = await spawnApp('wallet', { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, WALLET_KEK: kek.toString('hex') });
    await waitForStatus(wallet, `${wallet.url}/health/ready`);
    // The other services are not running: with a short transport deadline they show as down quickly.
    gw = await startGateway({ databaseUrl, redisUrl: redis.url, redisPrefix: redis.prefix, env: { TRANSPORT_REQUEST_TIMEOUT_MS: '1500' } });
    viewer = await gw.mintKey(['invoices:read']);
  });

  afterAll(async () => {
    await gw?.close();
    if (wallet && wallet.child.exitCode === null) {
      wallet.child.kill('SIGTERM');
      await wallet.exited;
    }
    await redis?.cleanup();
    await db?.drop();
  });

  /** Every secret the stack was given, in the spellings a leak would use. */
  const secrets = () => [
    gw.adminKey,
    gw.env['GATEWAY_SECRET_KEY'],
    Buffer.from(gw.env['GATEWAY_SECRET_KEY'], 'hex').toString('base64'),
    dbPassword,
    kek.toString('hex'),
    kek.toString('base64'),
    viewer,
  ];
  const leaked = (body: unknown) => secrets().filter((s) => JSON.stringify(body).includes(s));

  it('gathers every service\'s stats, showing the ones that do not answer as errors', async () => {
    const r = await gw.request<Entry & { collectedAt: string; services: Record<string, Entry> }>('GET', '/stats', { key: viewer });
    expect(r.status).toBe(200);
    // The gateway's own figures stay at the top, as every service's /stats has them.
    expect(r.body).toMatchObject({ service: 'gateway', database: expect.any(Object), collectedAt: expect.any(String) });
    expect(Object.keys(r.body.services).sort()).toEqual([...SERVICES].sort());
    expect(r.body.services['gateway']).toMatchObject({ service: 'gateway', database: expect.any(Object), transport: expect.any(Object) });
    expect(r.body.services['wallet']).toMatchObject({ service: 'wallet', wallet: { locked: false, vaults: { hd: 1 } } });
    for (const down of ['tron-client', 'usdt', 'staking', 'payout']) {
      expect(r.body.services[down]).toEqual({ error: { code: 'service_unavailable', message: expect.stringContaining(`${down} service`) } });
    }
    expect(leaked(r.body)).toEqual([]);
  });

  it('serves one service\'s stats by its operator name, the gateway\'s from itself', async () => {
    const walletStats = await gw.request<Entry>('GET', '/wallet-manager/stats', { key: viewer });
    expect(walletStats).toMatchObject({ status: 200, body: { service: 'wallet', wallet: { locked: false } } });
    const own = await gw.request<Entry>('GET', '/payment-gateway/stats', { key: viewer });
    expect(own).toMatchObject({ status: 200, body: { service: 'gateway' } });
    const down = await gw.request<ErrorBody>('GET', '/trx-staking/stats', { key: viewer });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('service_unavailable');
    const unknown = await gw.request<ErrorBody>('GET', '/ledger/stats', { key: viewer });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('service_not_found');
    expect((await gw.request('GET', '/wallet-manager/stats', { key: null })).status).toBe(401);
  });

  it('reports the gateway\'s status and which services are up', async () => {
    const r = await gw.request<Entry & { overall: string; services: Record<string, Entry & { state: string }> }>('GET', '/status', { key: viewer });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ service: 'gateway', network: 'devnet', overall: 'degraded' });
    expect(r.body.services['gateway']).toMatchObject({ state: 'up', service: 'gateway' });
    expect(r.body.services['wallet']).toMatchObject({ state: 'up', service: 'wallet', uptimeSeconds: expect.any(Number) });
    expect(r.body.services['payout']).toEqual({ state: 'down', error: { code: 'service_unavailable', message: expect.any(String) } });
    expect(leaked(r.body)).toEqual([]);
  });

  it('shows every service\'s configuration to admins only, with no secret in it', async () => {
    expect((await gw.request('GET', '/config', { key: viewer })).status).toBe(403);
    const r = await gw.request<{ services: Record<string, Entry> }>('GET', '/config');
    expect(r.status).toBe(200);
    const gateway = r.body.services['gateway'] as { secrets: unknown; database: { url: string }; gateway: { secretKey: unknown; rateLimit: unknown } };
    expect(gateway.secrets).toEqual({ adminApiKey: 'set' });
    expect(gateway.gateway).toMatchObject({ secretKey: 'set', rateLimit: { limit: 100000 } });
    expect(gateway.database.url).toContain('***');
    expect(r.body.services['wallet']).toMatchObject({ service: { name: 'wallet' }, database: { url: expect.stringContaining('***') } });
    expect(r.body.services['usdt']).toEqual({ error: expect.objectContaining({ code: 'service_unavailable' }) });
    expect(leaked(r.body)).toEqual([]);
  });

  it('restarts the wallet service over the transport and answers once it is ready again', async () => {
    expect((await gw.request('POST', '/restart/wallet-manager', { key: viewer })).status).toBe(403);
    const r = await gw.request<{ service: string; restarted: string[]; durationMs: number }>('POST', '/restart/wallet-manager');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ service: 'wallet', restarted: expect.arrayContaining(['connections']), durationMs: expect.any(Number) });
    // Its fresh database pool serves the next question.
    const after = await gw.request<Entry>('GET', '/wallet-manager/stats', { key: viewer });
    expect(after).toMatchObject({ status: 200, body: { service: 'wallet', wallet: { depositAddressesIssued: 0 } } });
  });

  it('restarts the gateway itself in place; an unknown service is a 404', async () => {
    const r = await gw.request<{ service: string; restarted: string[] }>('POST', '/restart/payment-gateway');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ service: 'gateway', restarted: expect.arrayContaining(['connections']) });
    // The reconnected pool works: minting a key writes to PostgreSQL.
    expect((await gw.request('POST', '/v1/api-keys', { body: { name: 'after restart', scopes: ['invoices:read'] } })).status).toBe(201);
    const unknown = await gw.request<ErrorBody>('POST', '/restart/ledger');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('service_not_found');
  });
});
