import { randomUUID } from 'node:crypto';
import {
  PAYOUT_PAYOUTS_APPROVE,
  PAYOUT_PAYOUTS_BATCH,
  PAYOUT_PAYOUTS_CANCEL,
  PAYOUT_PAYOUTS_CREATE,
  PAYOUT_PAYOUTS_GET,
  PAYOUT_PAYOUTS_LIST,
  PAYOUT_RECIPIENTS_CREATE,
  PAYOUT_RECIPIENTS_GET,
  PAYOUT_RECIPIENTS_UPDATE,
} from '@tronpay/models';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { TransportRpcError } from '@tronpay/transport';
import { GatewayHarness, startGateway } from '../../testing/gateway-harness';
import { OWNER_STAND_INS, OwnerStandIn, startOwnerStandIn } from '../testing/owner-stand-ins';

type ErrorBody = { error: { code: string; message: string; details?: unknown[] } };

describe('payouts and recipients forwarded to the payout service (real PostgreSQL, Redis transport)', () => {
  jest.setTimeout(90_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let payout: OwnerStandIn;
  let maker: { key: string; id: string };
  let checker: { key: string; id: string };
  let reader: string;
  const to = generateAccount();

  const mint = async (scopes: string[]) => {
    const r = await gw.request<{ id: string; key: string }>('POST', '/v1/api-keys', { body: { name: scopes.join(' '), scopes } });
    return { key: r.body.key, id: r.body.id };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    // A service that is down is one that does not answer in time: keep that time short.
    gw = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, env: { TRANSPORT_REQUEST_TIMEOUT_MS: '2000' } });
    maker = await mint(['payouts:write', 'payouts:read']);
    checker = await mint(['payouts:approve']);
    reader = (await mint(['payouts:read'])).key;
  });
  afterAll(async () => {
    await payout?.close();
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('answers 503 naming the payout service while no payout service runs', async () => {
    const r = await gw.request<ErrorBody>('POST', '/v1/payouts', { key: maker.key, body: { currency: 'TRX', amount: '1', to: to.base58 } });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'service_unavailable', message: expect.stringContaining('payout service') });
    expect(JSON.stringify(r.body)).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it('answers 501 not_implemented for what the running payout service does not serve yet', async () => {
    payout = await startOwnerStandIn('payout', [OWNER_STAND_INS.payouts], redis);
    const r = await gw.request<ErrorBody>('GET', `/v1/recipients/${randomUUID()}`, { key: maker.key });
    expect(r.status).toBe(501);
    expect(r.body.error).toMatchObject({ code: 'not_implemented', message: 'The payout service does not serve this yet' });
  });

  it('forwards a payout with its amount and address normalized, the requester and a per-key idempotency key', async () => {
    const body = { currency: 'USDT', amount: '0025.500000', to: to.address, reference: 'withdrawal-7' };
    const r = await gw.request<{ amount: string; to: string; status: string }>('POST', '/v1/payouts', {
      key: maker.key,
      body,
      headers: { 'Idempotency-Key': 'payout-1' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ amount: '25.5', to: to.base58, status: 'queued' });
    expect(payout.of(PAYOUT_PAYOUTS_CREATE)).toEqual([
      { currency: 'USDT', amount: '25.5', to: to.base58, reference: 'withdrawal-7', requestedBy: `api-key:${maker.id}`, idempotencyKey: `${maker.id}:payout-1` },
    ]);

    // The same key and body: the first response again, and the payout service is not asked twice.
    const again = await gw.request('POST', '/v1/payouts', { key: maker.key, body, headers: { 'Idempotency-Key': 'payout-1' } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(r.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(payout.of(PAYOUT_PAYOUTS_CREATE)).toHaveLength(1);
    const reused = await gw.request<ErrorBody>('POST', '/v1/payouts', { key: maker.key, body: { ...body, amount: '26' }, headers: { 'Idempotency-Key': 'payout-1' } });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it.each([
    ['an amount with 7 decimals', { amount: '1.0000001' }],
    ['a negative amount', { amount: '-1' }],
    ['a zero amount', { amount: '0' }],
    ['an amount as a JSON number', { amount: 10 }],
    ['an exponent', { amount: '1e3' }],
    ['an address with a bad checksum', { to: to.base58.slice(0, -1) + (to.base58.endsWith('A') ? 'B' : 'A') }],
    ['an 0x address', { to: `0x${to.address.slice(2)}` }],
    ['an unknown currency', { currency: 'BTC' }],
    ['an unknown property', { memo: 'hi' }],
  ])('refuses %s with 400 validation_failed before asking the payout service', async (_, change) => {
    const before = payout.of(PAYOUT_PAYOUTS_CREATE).length;
    const r = await gw.request<ErrorBody>('POST', '/v1/payouts', { key: maker.key, body: { currency: 'TRX', amount: '1', to: to.base58, ...change } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details?.length).toBeGreaterThan(0);
    expect(payout.of(PAYOUT_PAYOUTS_CREATE)).toHaveLength(before);
  });

  it('forwards a batch of up to 500 items, each normalized, and refuses 501 items', async () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ currency: 'TRX', amount: `${i + 1}.10`, to: i % 2 ? to.address : to.base58 }));
    const r = await gw.request<{ data: Array<{ amount: string; to: string }> }>('POST', '/v1/payouts/batch', {
      key: maker.key,
      body: { items },
      headers: { 'Idempotency-Key': 'batch-1' },
    });
    expect(r.status).toBe(201);
    expect(r.body.data).toHaveLength(500);
    const [sent] = payout.of(PAYOUT_PAYOUTS_BATCH) as Array<{ items: Array<{ amount: string; to: string }>; requestedBy: string; idempotencyKey: string }>;
    expect(sent.requestedBy).toBe(`api-key:${maker.id}`);
    expect(sent.idempotencyKey).toBe(`${maker.id}:batch-1`);
    expect(sent.items[0]).toEqual({ currency: 'TRX', amount: '1.1', to: to.base58 });
    expect(sent.items.every((i) => i.to === to.base58)).toBe(true);

    const tooMany = await gw.request<ErrorBody>('POST', '/v1/payouts/batch', { key: maker.key, body: { items: [...items, items[0]] } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('validation_failed');
    const badItem = await gw.request<ErrorBody>('POST', '/v1/payouts/batch', { key: maker.key, body: { items: [items[0], { ...items[1], amount: '1.1234567' }] } });
    expect(badItem.status).toBe(400);
    expect(payout.of(PAYOUT_PAYOUTS_BATCH)).toHaveLength(1);
  });

  it('passes the approver\'s key id, and lets only payouts:approve keys approve', async () => {
    const id = randomUUID();
    const denied = await gw.request<ErrorBody>('POST', `/v1/payouts/${id}/approve`, { key: maker.key });
    expect(denied.status).toBe(403);
    expect(payout.of(PAYOUT_PAYOUTS_APPROVE)).toHaveLength(0);

    const r = await gw.request<{ approvals: Array<{ by: string }> }>('POST', `/v1/payouts/${id.toUpperCase()}/approve`, { key: checker.key });
    expect(r.status).toBe(200);
    expect(payout.of(PAYOUT_PAYOUTS_APPROVE)).toEqual([{ id, approverKeyId: checker.id, requestedBy: `api-key:${checker.id}` }]);

    // The payout service refuses the creator's own approval: a business rule, passed on as a 422 with its code.
    payout.answers.set(PAYOUT_PAYOUTS_APPROVE, () => {
      throw new TransportRpcError('self_approval', 'The creator of a payout cannot approve it');
    });
    const own = await gw.request<ErrorBody>('POST', `/v1/payouts/${id}/approve`, { key: checker.key });
    expect(own.status).toBe(422);
    expect(own.body.error).toEqual({ code: 'self_approval', message: 'The creator of a payout cannot approve it' });
    payout.answers.delete(PAYOUT_PAYOUTS_APPROVE);
  });

  it('cancels with an optional reason, gets, and lists by status', async () => {
    const id = randomUUID();
    expect((await gw.request('POST', `/v1/payouts/${id}/cancel`, { key: maker.key })).status).toBe(200);
    expect((await gw.request('POST', `/v1/payouts/${id}/cancel`, { key: maker.key, body: { reason: 'user asked' } })).status).toBe(200);
    expect(payout.of(PAYOUT_PAYOUTS_CANCEL)).toEqual([
      { id, requestedBy: `api-key:${maker.id}` },
      { id, reason: 'user asked', requestedBy: `api-key:${maker.id}` },
    ]);

    const got = await gw.request<{ id: string }>('GET', `/v1/payouts/${id}`, { key: reader });
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(id);
    expect(payout.of(PAYOUT_PAYOUTS_GET)).toEqual([{ id }]);

    const list = await gw.request('GET', '/v1/payouts?status=pending_approval&limit=5&cursor=abc', { key: reader });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [], nextCursor: null });
    expect(payout.of(PAYOUT_PAYOUTS_LIST)).toEqual([{ status: 'pending_approval', limit: 5, cursor: 'abc' }]);
    expect((await gw.request<ErrorBody>('GET', '/v1/payouts?status=lost', { key: reader })).status).toBe(400);
    expect((await gw.request<ErrorBody>('GET', '/v1/payouts?limit=101', { key: reader })).status).toBe(400);
    expect((await gw.request('GET', '/v1/payouts', { key: checker.key })).status).toBe(403);
  });

  it('maps the payout service\'s errors: not found 404, validation 400 with details, internal 502, never a 500', async () => {
    payout.answers.set(PAYOUT_PAYOUTS_GET, () => {
      throw new TransportRpcError('payout_not_found', 'No such payout');
    });
    const missing = await gw.request<ErrorBody>('GET', `/v1/payouts/${randomUUID()}`, { key: reader });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('payout_not_found');
    // Not a uuid: nothing to ask the payout service about.
    const calls = payout.of(PAYOUT_PAYOUTS_GET).length;
    expect((await gw.request<ErrorBody>('GET', '/v1/payouts/42', { key: reader })).body.error.code).toBe('payout_not_found');
    expect(payout.of(PAYOUT_PAYOUTS_GET)).toHaveLength(calls);

    const issues = [{ property: 'to', constraints: { notOwnAddress: 'to is one of our deposit addresses' } }];
    payout.answers.set(PAYOUT_PAYOUTS_CREATE, () => {
      throw new TransportRpcError('validation_failed', 'Invalid payload: to', issues);
    });
    const invalid = await gw.request<ErrorBody>('POST', '/v1/payouts', { key: maker.key, body: { currency: 'TRX', amount: '1', to: to.base58 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toEqual({ code: 'validation_failed', message: 'Invalid payload: to', details: issues });

    payout.answers.set(PAYOUT_PAYOUTS_CREATE, () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
    });
    const broken = await gw.request<ErrorBody>('POST', '/v1/payouts', { key: maker.key, body: { currency: 'TRX', amount: '1', to: to.base58 } });
    expect(broken.status).toBe(502);
    expect(broken.body.error.code).toBe('upstream_error');
    expect(JSON.stringify(broken.body)).not.toContain('10.0.0.7');
    payout.answers.clear();
  });

  it('forwards recipients once the payout service serves them: addresses in base58, each once', async () => {
    await payout.close();
    payout = await startOwnerStandIn('payout', [OWNER_STAND_INS.payouts, OWNER_STAND_INS.recipients], redis);
    const other = generateAccount();
    const created = await gw.request<{ id: string; addresses: string[] }>('POST', '/v1/recipients', {
      key: maker.key,
      body: { externalId: 'user-1042', kycLevel: 2, addresses: [to.address, to.base58, other.base58] },
      headers: { 'Idempotency-Key': 'recipient-1' },
    });
    expect(created.status).toBe(201);
    expect(payout.of(PAYOUT_RECIPIENTS_CREATE)).toEqual([
      { externalId: 'user-1042', kycLevel: 2, addresses: [to.base58, other.base58], requestedBy: `api-key:${maker.id}`, idempotencyKey: `${maker.id}:recipient-1` },
    ]);

    const id = created.body.id;
    expect((await gw.request('PATCH', `/v1/recipients/${id}`, { key: maker.key, body: { kycLevel: 3 } })).status).toBe(200);
    expect(payout.of(PAYOUT_RECIPIENTS_UPDATE)).toEqual([{ id, kycLevel: 3, requestedBy: `api-key:${maker.id}` }]);
    expect((await gw.request<ErrorBody>('PATCH', `/v1/recipients/${id}`, { key: maker.key, body: {} })).status).toBe(400);
    expect((await gw.request<ErrorBody>('PATCH', `/v1/recipients/${id}`, { key: maker.key, body: { kycLevel: 4 } })).status).toBe(400);
    expect((await gw.request<ErrorBody>('POST', '/v1/recipients', { key: maker.key, body: { externalId: 'x', kycLevel: '1', addresses: [] } })).status).toBe(400);

    expect((await gw.request('GET', `/v1/recipients/${id}`, { key: reader })).status).toBe(200);
    expect(payout.of(PAYOUT_RECIPIENTS_GET)).toEqual([{ id }]);
    expect((await gw.request('POST', '/v1/recipients', { key: reader, body: { externalId: 'y', kycLevel: 0, addresses: [] } })).status).toBe(403);
  });
});
