import { randomUUID } from 'node:crypto';
import {
  STAKING_CANCEL_UNFREEZES,
  STAKING_CLAIM_REWARDS,
  STAKING_DELEGATE,
  STAKING_FREEZE,
  STAKING_GET,
  STAKING_UNDELEGATE,
  STAKING_UNFREEZE,
  STAKING_VOTE,
  STAKING_WITHDRAW,
} from '@tronpay/models';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { TransportRpcError } from '@tronpay/transport';
import { GatewayHarness, startGateway } from '../../testing/gateway-harness';
import { OWNER_STAND_INS, OwnerStandIn, startOwnerStandIn } from '../testing/owner-stand-ins';

type ErrorBody = { error: { code: string; message: string; details?: unknown[] } };

describe('staking forwarded to the staking service (real PostgreSQL, Redis transport)', () => {
  jest.setTimeout(90_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let staking: OwnerStandIn;
  let operator: { key: string; id: string };
  let reader: string;
  const walletId = randomUUID();
  const receiver = generateAccount();
  const witnesses = [generateAccount(), generateAccount()];

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    gw = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, env: { TRANSPORT_REQUEST_TIMEOUT_MS: '2000' } });
    const minted = await gw.request<{ id: string; key: string }>('POST', '/v1/api-keys', { body: { name: 'staking', scopes: ['staking:write'] } });
    operator = { key: minted.body.key, id: minted.body.id };
    reader = await gw.mintKey(['wallets:read']);
  });
  afterAll(async () => {
    await staking?.close();
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const post = (path: string, body: unknown, key = operator.key, idempotencyKey?: string) =>
    gw.request<Record<string, unknown> & ErrorBody>('POST', `/v1/staking/${path}`, { key, body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} });

  it('answers 503 naming the staking service while it is down', async () => {
    try {
      const r = await post('freeze', { walletId, amount: '100', resource: 'ENERGY' });
      expect(r.status).toBe(503);
      expect(r.body.error).toMatchObject({ code: 'service_unavailable', message: expect.stringContaining('staking service'), details: [{ service: 'staking' }] });
    } finally {
      staking = await startOwnerStandIn('staking', [OWNER_STAND_INS.staking], redis);
    }
  });

  it('forwards each operation to its pattern with the amount canonical, addresses in base58, the requester and the key', async () => {
    const actor = { requestedBy: `api-key:${operator.id}` };
    const key = (k: string) => ({ idempotencyKey: `${operator.id}:${k}` });
    const cases: Array<[string, string, unknown, Record<string, unknown>]> = [
      ['freeze', STAKING_FREEZE, { walletId: walletId.toUpperCase(), amount: '100.000', resource: 'ENERGY' }, { walletId, amount: '100', resource: 'ENERGY' }],
      ['unfreeze', STAKING_UNFREEZE, { walletId, amount: '0.5', resource: 'BANDWIDTH' }, { walletId, amount: '0.5', resource: 'BANDWIDTH' }],
      ['withdraw', STAKING_WITHDRAW, { walletId }, { walletId }],
      ['cancel-unfreezes', STAKING_CANCEL_UNFREEZES, { walletId }, { walletId }],
      [
        'delegate',
        STAKING_DELEGATE,
        { walletId, receiver: receiver.address, amount: '12', resource: 'ENERGY', lockPeriodBlocks: 28_800 },
        { walletId, receiver: receiver.base58, amount: '12', resource: 'ENERGY', lockPeriodBlocks: 28_800 },
      ],
      ['undelegate', STAKING_UNDELEGATE, { walletId, receiver: receiver.base58, amount: '12', resource: 'ENERGY' }, { walletId, receiver: receiver.base58, amount: '12', resource: 'ENERGY' }],
      [
        'vote',
        STAKING_VOTE,
        { walletId, votes: [{ witness: witnesses[0].address, count: 60 }, { witness: witnesses[1].base58, count: 40 }] },
        { walletId, votes: [{ witness: witnesses[0].base58, count: 60 }, { witness: witnesses[1].base58, count: 40 }] },
      ],
      ['claim-rewards', STAKING_CLAIM_REWARDS, { walletId }, { walletId }],
    ];
    for (const [path, pattern, body, forwarded] of cases) {
      const r = await post(path, body, operator.key, `op-${path}`);
      expect({ path, status: r.status }).toEqual({ path, status: 201 });
      expect(staking.of(pattern)).toEqual([{ ...forwarded, ...actor, ...key(`op-${path}`) }]);
    }
    // Without an Idempotency-Key there is none to pass on.
    expect((await post('withdraw', { walletId })).status).toBe(201);
    expect(staking.of(STAKING_WITHDRAW)[1]).toEqual({ walletId, ...actor });
  });

  it('replays a staking operation under its Idempotency-Key without freezing twice', async () => {
    const body = { walletId, amount: '7', resource: 'ENERGY' };
    const first = await post('freeze', body, operator.key, 'freeze-twice');
    const again = await post('freeze', body, operator.key, 'freeze-twice');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(staking.of(STAKING_FREEZE).filter((p) => p['idempotencyKey'] === `${operator.id}:freeze-twice`)).toHaveLength(1);
  });

  it.each([
    ['a zero amount', 'freeze', { walletId, amount: '0', resource: 'ENERGY' }],
    ['an amount with 7 decimals', 'freeze', { walletId, amount: '1.0000001', resource: 'ENERGY' }],
    ['an unknown resource', 'freeze', { walletId, amount: '1', resource: 'TRON_POWER' }],
    ['a wallet id that is no uuid', 'freeze', { walletId: 'wallet-1', amount: '1', resource: 'ENERGY' }],
    ['an invalid receiver', 'delegate', { walletId, receiver: 'TNotAnAddress', amount: '1', resource: 'ENERGY' }],
    ['a negative lock period', 'delegate', { walletId, receiver: receiver.base58, amount: '1', resource: 'ENERGY', lockPeriodBlocks: -1 }],
    ['no votes', 'vote', { walletId, votes: [] }],
    ['a fractional vote count', 'vote', { walletId, votes: [{ witness: witnesses[0].base58, count: 1.5 }] }],
    ['one witness twice (base58 and hex)', 'vote', { walletId, votes: [{ witness: witnesses[0].base58, count: 1 }, { witness: witnesses[0].address, count: 2 }] }],
  ])('refuses %s (%s) with 400 before asking the staking service', async (_, path, body) => {
    const before = staking.received.length;
    const r = await post(path, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(staking.received).toHaveLength(before);
  });

  it('reads a wallet\'s stake with wallets:read; writes need staking:write', async () => {
    const r = await gw.request<{ walletId: string }>('GET', `/v1/staking/${walletId}`, { key: reader });
    expect(r.status).toBe(200);
    expect(r.body.walletId).toBe(walletId);
    expect(staking.of(STAKING_GET)).toEqual([{ walletId }]);
    expect((await post('freeze', { walletId, amount: '1', resource: 'ENERGY' }, reader)).status).toBe(403);
    expect((await gw.request('GET', `/v1/staking/${walletId}`, { key: operator.key })).status).toBe(403);
  });

  it('maps the staking service\'s errors: wallet_not_found 404, locked 503 wallet_locked, a refused rule 422', async () => {
    staking.answers.set(STAKING_GET, () => {
      throw new TransportRpcError('wallet_not_found', 'No such wallet');
    });
    const missing = await gw.request<ErrorBody>('GET', `/v1/staking/${randomUUID()}`, { key: reader });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('wallet_not_found');

    staking.answers.set(STAKING_FREEZE, () => {
      throw new TransportRpcError('locked', 'The wallet service is locked: unlock it first');
    });
    const locked = await post('freeze', { walletId, amount: '1', resource: 'ENERGY' }, operator.key, 'while-locked');
    expect(locked.status).toBe(503);
    expect(locked.body.error.code).toBe('wallet_locked');

    staking.answers.set(STAKING_FREEZE, () => {
      throw new TransportRpcError('insufficient_balance', 'The wallet holds 3 TRX; freezing 5 needs more');
    });
    const short = await post('freeze', { walletId, amount: '5', resource: 'ENERGY' }, operator.key, 'while-locked');
    // The failed attempt was not stored under its key: the retry ran, and met the next answer.
    expect(short.status).toBe(422);
    expect(short.body.error).toEqual({ code: 'insufficient_balance', message: 'The wallet holds 3 TRX; freezing 5 needs more' });
    staking.answers.clear();
  });
});
