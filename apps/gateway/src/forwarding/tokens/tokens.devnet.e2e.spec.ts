import type { UsdtTokenView } from '@tronpay/models';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';

type ErrorBody = { error: { code: string; message: string; details?: unknown[] } };

// The token registry over the public API: operators add a TRC20 token as the chain describes it
// (admin only), and anyone with a key reads the registry. The usdt service, tron-client and the
// devnet are real processes.
describe('GET/POST /v1/tokens (devnet; tron-client, usdt, gateway as processes)', () => {
  jest.setTimeout(180_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let reader: string;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, services: ['tron-client', 'usdt', 'gateway'], devnet: { blockMs: 300 } });
    const minted = await call<{ key: string }>('POST', '/v1/api-keys', { name: 'reader', scopes: ['wallets:read'] });
    reader = minted.body.key;
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  async function call<T>(method: string, path: string, body?: unknown, key = stack.adminKey, headers: Record<string, string> = {}) {
    const res = await fetch(`${stack.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T & ErrorBody };
  }

  it('lists the canonical USDT, adds a token only as the chain describes it, admin only, and shows it registered', async () => {
    const listed = await call<{ data: UsdtTokenView[] }>('GET', '/v1/tokens', undefined, reader);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ contract: stack.usdt, canonical: true, registered: true, decimals: 6 })]);

    const accounts = await stack.devnet.accounts();
    const token = await stack.devnet.createToken({ name: 'Euro Coin', symbol: 'EURC', decimals: 2, owner: accounts[0].address });
    const before = await call<UsdtTokenView>('GET', `/v1/tokens/${token}`, undefined, reader);
    expect([before.status, before.body]).toEqual([200, expect.objectContaining({ contract: token, symbol: 'EURC', decimals: 2, registered: false })]);

    // Not an admin: refused, nothing added.
    expect((await call('POST', '/v1/tokens', { contract: token }, reader)).status).toBe(403);
    // What the operator states must be what the chain says.
    const wrong = await call('POST', '/v1/tokens', { contract: token, decimals: 6 }, stack.adminKey, { 'Idempotency-Key': 'eurc-wrong' });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'token_metadata_mismatch']);
    expect(wrong.body.error.message).toContain('the chain says 2, not 6');
    const none = await call('POST', '/v1/tokens', { contract: generateAccount().base58 });
    expect([none.status, none.body.error.code]).toEqual([404, 'token_not_found']);
    const invalid = await call('POST', '/v1/tokens', { contract: 'TNotAnAddress', decimals: -1 });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await call('GET', '/v1/tokens/not-an-address', undefined, reader)).status).toBe(400);

    const added = await call<UsdtTokenView>('POST', '/v1/tokens', { contract: token, symbol: 'EURC' }, stack.adminKey, { 'Idempotency-Key': 'eurc' });
    expect([added.status, added.body]).toEqual([201, expect.objectContaining({ contract: token, name: 'Euro Coin', symbol: 'EURC', decimals: 2, registered: true, canonical: false })]);
    expect(added.body.addedBy).toMatch(/^api-key:/);
    // The same key again: the first answer; the registry holds it once.
    const again = await call<UsdtTokenView>('POST', '/v1/tokens', { contract: token, symbol: 'EURC' }, stack.adminKey, { 'Idempotency-Key': 'eurc' });
    expect([again.status, again.body.addedAt]).toEqual([201, added.body.addedAt]);
    const after = await call<{ data: UsdtTokenView[] }>('GET', '/v1/tokens', undefined, reader);
    expect(after.body.data.map((t) => [t.contract, t.registered])).toEqual([
      [stack.usdt, true],
      [token, true],
    ]);
  });
});
