import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  createTestDatabase,
  createTestRedis,
  DevnetProcess,
  ServiceProcess,
  spawnApp,
  startDevnetProcess,
  TestDatabase,
  TestRedis,
  waitForStatus,
} from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { GatewayHarness, startGateway } from '../../testing/gateway-harness';

type ErrorBody = { error: { code: string; message: string; details?: unknown[] } };
interface Wallet {
  id: string;
  label: string;
  kind: string;
  address: string;
  category: string | null;
  archivedAt: string | null;
  balance?: { trx: string; usdt: string | null; energy: string; bandwidth: string; refreshedAt: string } | null;
}

const PASSPHRASE = 'correct horse battery staple';

async function stop(proc: ServiceProcess | undefined) {
  if (proc && proc.child.exitCode === null) {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}

describe('wallets and network through the real wallet and tron-client services (devnet, PostgreSQL, Redis)', () => {
  jest.setTimeout(180_000);
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let tronClient: ServiceProcess;
  let wallet: ServiceProcess;
  let gw: GatewayHarness;
  let writer: { key: string; id: string };
  let reader: string;

  beforeAll(async () => {
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: 1 }), createTestDatabase(), createTestRedis()]);
    // One PostgreSQL for every service, each in its own schema, as a shared deployment runs them.
    const shared = { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, TRON_NODE_URLS: devnet.url, USDT_CONTRACT: (await devnet.info()).usdtContract };
    [tronClient, wallet] = await Promise.all([
      spawnApp('tron-client', shared),
      // The wallet gives up on tron-client before the gateway gives up on the wallet, so the gateway hears who was away.
      spawnApp('wallet', { ...shared, WALLET_KEK_MODE: 'passphrase', WALLET_KEK_SCRYPT_N: '16384', TRANSPORT_REQUEST_TIMEOUT_MS: '2000' }),
    ]);
    await Promise.all([waitForStatus(tronClient, `${tronClient.url}/health/ready`), waitForStatus(wallet, `${wallet.url}/health/ready`)]);
    gw = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix });
    const minted = await gw.request<{ id: string; key: string }>('POST', '/v1/api-keys', { body: { name: 'wallets', scopes: ['wallets:write', 'wallets:read'] } });
    writer = { key: minted.body.key, id: minted.body.id };
    reader = await gw.mintKey(['wallets:read']);
  });

  afterAll(async () => {
    await gw?.close();
    await Promise.all([stop(wallet), stop(tronClient)]);
    await devnet?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const sql = async <T>(text: string, values: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, values)).rows as T[];
    } finally {
      await c.end();
    }
  };

  it('unlocks and locks the wallet service (admin only), recording the requester in its audit log', async () => {
    expect((await gw.request('POST', '/v1/wallets/unlock', { key: writer.key, body: { passphrase: PASSPHRASE } })).status).toBe(403);
    expect((await gw.request<ErrorBody>('POST', '/v1/wallets/unlock', { body: { passphrase: 'short' } })).status).toBe(400);

    const unlocked = await gw.request('POST', '/v1/wallets/unlock', { body: { passphrase: PASSPHRASE } });
    expect(unlocked).toMatchObject({ status: 200, body: { locked: false } });
    const locked = await gw.request('POST', '/v1/wallets/lock', {});
    expect(locked).toMatchObject({ status: 200, body: { locked: true } });
    const trail = await sql<{ actor: string; action: string; outcome: string }>("select actor, action, outcome from wallet.audit_log where action in ('unlock', 'lock') order by id");
    expect(trail).toEqual([
      { actor: 'api-key:admin', action: 'unlock', outcome: 'ok' },
      { actor: 'api-key:admin', action: 'lock', outcome: 'ok' },
    ]);
  });

  it('answers 503 wallet_locked while the wallet service is locked, and does not keep that answer under the Idempotency-Key', async () => {
    const body = { label: 'payouts hot', kind: 'hot', category: 'payouts' };
    const headers = { 'Idempotency-Key': 'hot-1' };
    // The first hot wallet needs the seed, which a locked wallet service cannot open.
    const refused = await gw.request<ErrorBody>('POST', '/v1/wallets', { key: writer.key, body, headers });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('wallet_locked');

    expect((await gw.request('POST', '/v1/wallets/unlock', { body: { passphrase: PASSPHRASE } })).status).toBe(200);
    const created = await gw.request<Wallet>('POST', '/v1/wallets', { key: writer.key, body, headers });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'payouts hot', kind: 'hot', category: 'payouts', address: expect.stringMatching(/^T/) });
    const replay = await gw.request<Wallet>('POST', '/v1/wallets', { key: writer.key, body, headers });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(created.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const rows = await sql<{ id: string }>("select id from wallet.wallets where label = 'payouts hot'");
    expect(rows).toEqual([{ id: created.body.id }]);
    const [audit] = await sql<{ actor: string }>("select actor from wallet.audit_log where action = 'wallet.create' and wallet_id = $1", [created.body.id]);
    expect(audit.actor).toBe(`api-key:${writer.id}`);
  });

  it('creates a watch wallet from a hex address and shows it in base58 with its TRX, USDT, energy and bandwidth', async () => {
    const outside = generateAccount();
    await devnet.fund(outside.base58, { trx: '12.5', usdt: '3.25' });
    await devnet.mine(1);
    const created = await gw.request<Wallet>('POST', '/v1/wallets', { key: writer.key, body: { label: 'cold store', kind: 'watch', address: outside.address } });
    expect(created.status).toBe(201);
    expect(created.body.address).toBe(outside.base58);

    const got = await gw.request<Wallet>('GET', `/v1/wallets/${created.body.id}?refresh=true`, { key: reader });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: created.body.id, address: outside.base58, balance: { trx: '12.5', usdt: '3.25', refreshedAt: expect.any(String) } });
    expect(Number(got.body.balance?.bandwidth)).toBeGreaterThan(0);
    expect(got.body.balance?.energy).toMatch(/^\d+$/);
    expect((await gw.request<ErrorBody>('GET', `/v1/wallets/${created.body.id}?refresh=maybe`, { key: reader })).status).toBe(400);
  });

  it.each([
    ['a hot wallet with an address', { label: 'x', kind: 'hot', address: generateAccount().base58 }],
    ['a watch wallet without one', { label: 'x', kind: 'watch' }],
    ['an address with a bad checksum', { label: 'x', kind: 'watch', address: 'T' + 'A'.repeat(33) }],
    ['a multisig wallet without signers', { label: 'x', kind: 'multisig', address: generateAccount().base58, threshold: 2 }],
    ['a threshold on a cold wallet', { label: 'x', kind: 'cold', address: generateAccount().base58, threshold: 2 }],
    ['a blank label', { label: '   ', kind: 'hot' }],
    ['an unknown kind', { label: 'x', kind: 'paper' }],
  ])('refuses %s with 400 validation_failed and its details', async (_, body) => {
    const r = await gw.request<ErrorBody>('POST', '/v1/wallets', { key: writer.key, body });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details?.length).toBeGreaterThan(0);
  });

  it('creates a multisig wallet with its signers in base58', async () => {
    const [a, b] = [generateAccount(), generateAccount()];
    const r = await gw.request<Wallet & { threshold: number; signers: Array<{ address: string; weight: number }> }>('POST', '/v1/wallets', {
      key: writer.key,
      body: { label: 'board', kind: 'multisig', address: generateAccount().address, threshold: 2, signers: [{ address: a.address }, { address: b.base58, weight: 2 }] },
    });
    expect(r.status).toBe(201);
    expect(r.body.signers).toEqual([
      { address: a.base58, weight: 1 },
      { address: b.base58, weight: 2 },
    ]);
  });

  it('lists wallets page by page and refuses a cursor it never gave', async () => {
    const first = await gw.request<{ data: Wallet[]; nextCursor: string | null }>('GET', '/v1/wallets?limit=2', { key: reader });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await gw.request<{ data: Wallet[] }>('GET', `/v1/wallets?limit=2&cursor=${first.body.nextCursor}`, { key: reader });
    expect(second.body.data.length).toBeGreaterThan(0);
    expect(second.body.data.map((w) => w.id)).not.toContain(first.body.data[0].id);
    expect((await gw.request<ErrorBody>('GET', '/v1/wallets?cursor=garbage', { key: reader })).body.error.code).toBe('invalid_cursor');
    expect((await gw.request('GET', '/v1/wallets?limit=0', { key: reader })).status).toBe(400);
  });

  it('updates, archives and shows the audit trail with the requester; unknown wallets are 404', async () => {
    const created = await gw.request<Wallet>('POST', '/v1/wallets', { key: writer.key, body: { label: 'to archive', kind: 'watch', address: generateAccount().base58 } });
    const id = created.body.id;
    const updated = await gw.request<Wallet>('PATCH', `/v1/wallets/${id}`, { key: writer.key, body: { label: 'renamed', category: 'ops' } });
    expect(updated).toMatchObject({ status: 200, body: { label: 'renamed', category: 'ops' } });
    expect((await gw.request<ErrorBody>('PATCH', `/v1/wallets/${id}`, { key: writer.key, body: {} })).status).toBe(400);
    const archived = await gw.request<Wallet>('POST', `/v1/wallets/${id}/archive`, { key: writer.key });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    // Archived is no longer active: the wallet service says not found, and so does the gateway.
    const again = await gw.request<ErrorBody>('POST', `/v1/wallets/${id}/archive`, { key: writer.key });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('wallet_not_found');

    const audit = await gw.request<{ data: Array<{ actor: string; action: string }>; nextCursor: string | null }>('GET', `/v1/wallets/${id}/audit?limit=10`, { key: reader });
    expect(audit.status).toBe(200);
    expect(audit.body.data.map((a) => `${a.action} by ${a.actor}`)).toEqual([
      `wallet.archive by api-key:${writer.id}`,
      `wallet.update by api-key:${writer.id}`,
      `wallet.create by api-key:${writer.id}`,
    ]);

    const unknown = await gw.request<ErrorBody>('GET', `/v1/wallets/${randomUUID()}`, { key: reader });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('wallet_not_found');
    expect((await gw.request<ErrorBody>('GET', '/v1/wallets/not-an-id', { key: reader })).body.error.code).toBe('wallet_not_found');
  });

  it('enforces the wallet scopes', async () => {
    expect((await gw.request('POST', '/v1/wallets', { key: reader, body: { label: 'x', kind: 'hot' } })).status).toBe(403);
    const other = await gw.mintKey(['payouts:read']);
    expect((await gw.request('GET', '/v1/wallets', { key: other })).status).toBe(403);
    expect((await gw.request('POST', '/v1/wallets/lock', { key: writer.key })).status).toBe(403);
  });

  it('shows the network as tron-client sees it to a key of any scope', async () => {
    const any = await gw.mintKey(['invoices:read']);
    const r = await gw.request<{ network: string; headBlock: number; solidBlock: number; nodes: Array<{ url: string; healthy: boolean }> }>('GET', '/v1/network', { key: any });
    expect(r.status).toBe(200);
    expect(r.body.network).toBe('devnet');
    expect(r.body.headBlock).toBeGreaterThan(0);
    expect(r.body.nodes).toEqual([expect.objectContaining({ url: devnet.url, healthy: true })]);
    expect((await gw.request('GET', '/v1/network', { key: null })).status).toBe(401);
  });

  it('still shows a wallet while tron-client is down, its balance null with the reason', async () => {
    const created = await gw.request<Wallet>('POST', '/v1/wallets', { key: writer.key, body: { label: 'offline', kind: 'watch', address: generateAccount().base58 } });
    await stop(tronClient);
    const r = await gw.request<Wallet & { balanceError?: { code: string; message: string } }>('GET', `/v1/wallets/${created.body.id}?refresh=true`, { key: reader });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: created.body.id, balance: null, balanceError: { code: 'service_unavailable', message: expect.stringContaining('tron-client service') } });
    expect((await gw.request<ErrorBody>('GET', '/v1/network', { key: reader })).status).toBe(503);
  });

  it('answers 503 naming the wallet service once it is down', async () => {
    await stop(wallet);
    const r = await gw.request<ErrorBody>('GET', '/v1/wallets', { key: reader });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'service_unavailable', message: expect.stringContaining('wallet service'), details: [{ service: 'wallet' }] });
  });
});
