import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { PayoutView, RecipientView, WalletView } from '@tronpay/models';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { eventually, lookalikePair } from '../testing/payout-kit';

const UNIT = 1_000_000n;
type Reply<T> = { status: number; body: T; headers: Headers };
type ErrorBody = { error: { code: string; message: string } };

const whole = (units: bigint) => {
  const w = units / UNIT;
  const f = (units % UNIT).toString().padStart(6, '0').replace(/0+$/, '');
  return f ? `${w}.${f}` : `${w}`;
};

// The routing and policy of the issue, end to end through the gateway with every service in its
// own process (devnet, tron-client, wallet, payout, gateway). The hot wallet the payout service is
// told to use does not exist, so nothing here is sent: payouts are routed, held or refused only.
describe('payout routing and policy through the gateway (devnet, all services as processes)', () => {
  jest.setTimeout(300_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let client: RedisStreamsClient;
  let pg: Client;
  let maker: string;
  let makerId: string;
  let checkerA: string;
  let checkerB: string;
  let makerChecker: string;
  let reader: string;
  let hot: WalletView;
  const blocked = generateAccount().base58;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['tron-client', 'wallet', 'payout', 'gateway'],
      devnet: { blockMs: 200, solidLag: 2 },
      env: { GATEWAY_RATE_LIMIT: '1000000', TRANSPORT_REQUEST_TIMEOUT_MS: '30000' },
      serviceEnv: {
        payout: {
          PAYOUT_HOT_WALLET_ID: randomUUID(),
          PAYOUT_BLOCKED_ADDRESSES: blocked,
          PAYOUT_V0_MAX_TRX: '5',
          PAYOUT_V0_DAILY_TRX: '10',
          PAYOUT_KYC_MAX_TRX: '100,1000,10000',
          PAYOUT_KYC_DAILY_TRX: '200,2000,20000',
          PAYOUT_KYC_APPROVAL_TRX: '20,200,2000',
          PAYOUT_KYC_SECOND_APPROVAL_TRX: '50,500,5000',
          PAYOUT_V0_MAX_USDT: '2',
          PAYOUT_V0_DAILY_USDT: '4',
          PAYOUT_VELOCITY_HOURLY_USDT: '150',
          PAYOUT_RELAY_INTERVAL_MS: '300',
          PAYOUT_RETRY_DELAY_MS: '1000',
        },
      },
    });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 30_000 });
    await client.connect();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const mint = async (scopes: string[]) => {
      const r = await api<{ key: string; id: string }>(stack.adminKey, 'POST', '/v1/api-keys', { name: scopes.join(' '), scopes });
      return r.body;
    };
    const m = await mint(['payouts:write', 'payouts:read']);
    [maker, makerId] = [m.key, m.id];
    checkerA = (await mint(['payouts:approve'])).key;
    checkerB = (await mint(['payouts:approve'])).key;
    makerChecker = (await mint(['payouts:write', 'payouts:read', 'payouts:approve'])).key;
    reader = (await mint(['payouts:read'])).key;
    hot = await client.request<WalletView>('wallet.wallets.create.v1', { label: 'hot (not the payout service\'s)', kind: 'hot', requestedBy: 'spec' });
  });
  afterAll(async () => {
    await pg?.end();
    await client?.close();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  async function api<T>(key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await fetch(`${stack.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers };
  }
  const payout = (key: string, body: Record<string, unknown>, headers?: Record<string, string>) => api<PayoutView & ErrorBody>(key, 'POST', '/v1/payouts', body, headers);
  const recipient = async (kycLevel: number, addresses: string[] = []) => {
    const r = await api<RecipientView>(maker, 'POST', '/v1/recipients', { externalId: `user-${randomUUID()}`, kycLevel, addresses });
    expect(r.status).toBe(201);
    return r.body;
  };
  /** 24 h history, written as the service would have: confirmed payouts an hour old. */
  const history = async (amount: bigint, destination: string, recipientId: string | null, level: number, ageHours = 1, status = 'confirmed') => {
    if (amount <= 0n) return;
    await pg.query(
      `insert into payout.payouts (id, fingerprint, currency, amount, destination, recipient_id, kyc_level, route, status, created_by, tx_id, created_at)
       values ($1, 'history', 'TRX', $2, $3, $4, $5, $6, $7, 'spec', $8, now() - make_interval(hours => $9))`,
      [randomUUID(), amount.toString(), destination, recipientId, level, level === 0 ? 'v0' : 'kyc', status, randomBytes(32).toString('hex'), ageHours],
    );
  };
  const direct = (body: Record<string, unknown>) => client.request<PayoutView>('payout.payouts.create.v1', { requestedBy: 'api-key:spec', ...body });

  describe('recipients', () => {
    it('are created once per idempotency key, read, updated, and their external ids are unique', async () => {
      const a = generateAccount();
      const body = { externalId: 'user-1042', kycLevel: 2, addresses: [a.address, a.base58] };
      const first = await api<RecipientView>(maker, 'POST', '/v1/recipients', body, { 'Idempotency-Key': 'r-1' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ externalId: 'user-1042', kycLevel: 2, addresses: [a.base58] });
      // A retry after a lost reply: the payout service keeps one recipient per key, whatever the gateway remembers.
      const again = await client.request<RecipientView>('payout.recipients.create.v1', { ...body, addresses: [a.base58], requestedBy: `api-key:${makerId}`, idempotencyKey: `${makerId}:r-1` });
      expect(again.id).toBe(first.body.id);
      const taken = await api<ErrorBody>(maker, 'POST', '/v1/recipients', body);
      expect([taken.status, taken.body.error.code]).toEqual([409, 'recipient_conflict']);
      const updated = await api<RecipientView>(maker, 'PATCH', `/v1/recipients/${first.body.id}`, { kycLevel: 3 });
      expect(updated.body).toMatchObject({ id: first.body.id, kycLevel: 3, addresses: [a.base58] });
      expect((await api<RecipientView>(reader, 'GET', `/v1/recipients/${first.body.id}`)).body.kycLevel).toBe(3);
      const missing = await api<ErrorBody>(reader, 'GET', `/v1/recipients/${randomUUID()}`);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'recipient_not_found']);
    });
  });

  describe('the routing table: every KYC level, amount band and 24 h history', () => {
    interface Case {
      name: string;
      level: number | null;
      amount: bigint;
      /** 24 h totals before the payout */
      recipientHistory: bigint;
      destinationHistory: bigint;
      expected: { status: string; route: string; failureReason?: string; approvalsRequired?: number };
    }
    const cases: Case[] = [];
    // V0 (documented: amount <= 5 TRX; the recipient's and the destination's 24 h totals with it <= 10 TRX).
    for (const level of [null, 0]) {
      for (const [band, amount] of [['at the V0 maximum', 5n * UNIT], ['just above it', 5n * UNIT + 1n]] as const) {
        const overMax = amount > 5n * UNIT;
        const v0 = (reason?: string) => (reason || overMax ? { status: 'rejected', route: 'v0', failureReason: reason && !overMax ? reason : 'v0_amount_limit' } : { status: 'queued', route: 'v0', approvalsRequired: 0 });
        cases.push({ name: `${level ?? 'no recipient'}, ${band}, no history`, level, amount, recipientHistory: 0n, destinationHistory: 0n, expected: v0() });
        cases.push({ name: `${level ?? 'no recipient'}, ${band}, destination filled exactly`, level, amount, recipientHistory: 0n, destinationHistory: 10n * UNIT - amount, expected: v0() });
        cases.push({ name: `${level ?? 'no recipient'}, ${band}, destination passed by 1`, level, amount, recipientHistory: 0n, destinationHistory: 10n * UNIT - amount + 1n, expected: v0('v0_daily_limit_destination') });
        if (level === 0) {
          cases.push({ name: `0, ${band}, recipient filled exactly`, level, amount, recipientHistory: 10n * UNIT - amount, destinationHistory: 0n, expected: v0() });
          cases.push({ name: `0, ${band}, recipient passed by 1`, level, amount, recipientHistory: 10n * UNIT - amount + 1n, destinationHistory: 0n, expected: v0('v0_daily_limit_recipient') });
        }
      }
    }
    // KYC levels (documented: per payout 100 / 1,000 / 10,000 TRX; 24 h per recipient 200 / 2,000 / 20,000;
    // one approval above 20 / 200 / 2,000; two above 50 / 500 / 5,000).
    const kyc = [
      { level: 1, approval: 20n, second: 50n, max: 100n, daily: 200n },
      { level: 2, approval: 200n, second: 500n, max: 1000n, daily: 2000n },
      { level: 3, approval: 2000n, second: 5000n, max: 10000n, daily: 20000n },
    ];
    for (const k of kyc) {
      const bands: Array<[string, bigint, number | 'over']> = [
        ['at the approval threshold', k.approval * UNIT, 0],
        ['just above the approval threshold', k.approval * UNIT + 1n, 1],
        ['at the second threshold', k.second * UNIT, 1],
        ['just above the second threshold', k.second * UNIT + 1n, 2],
        ['at the maximum', k.max * UNIT, 2],
        ['just above the maximum', k.max * UNIT + 1n, 'over'],
      ];
      for (const [band, amount, approvals] of bands) {
        const ok = approvals === 'over' ? { status: 'rejected', route: 'kyc', failureReason: 'kyc_amount_limit' } : { status: approvals ? 'pending_approval' : 'queued', route: 'kyc', approvalsRequired: approvals };
        const overDaily = approvals === 'over' ? ok : { status: 'rejected', route: 'kyc', failureReason: 'kyc_daily_limit' };
        cases.push({ name: `${k.level}, ${band}, no history`, level: k.level, amount, recipientHistory: 0n, destinationHistory: 10n ** 15n, expected: ok });
        cases.push({ name: `${k.level}, ${band}, recipient filled exactly`, level: k.level, amount, recipientHistory: k.daily * UNIT - amount, destinationHistory: 0n, expected: ok });
        cases.push({ name: `${k.level}, ${band}, recipient passed by 1`, level: k.level, amount, recipientHistory: k.daily * UNIT - amount + 1n, destinationHistory: 0n, expected: overDaily });
      }
    }

    it(`routes all ${cases.length} combinations as documented`, async () => {
      const results: string[] = [];
      for (const c of cases) {
        const to = generateAccount().base58;
        const r = c.level === null ? null : await recipient(c.level);
        // History elsewhere (other destinations of the recipient, other payers of the destination) counts
        // where it should; history older than 24 h and refused payouts never do.
        await history(c.recipientHistory, generateAccount().base58, r?.id ?? null, c.level ?? 0);
        await history(c.destinationHistory, to, null, 0);
        await history(100_000n * UNIT, to, r?.id ?? null, c.level ?? 0, 25);
        await history(100_000n * UNIT, to, r?.id ?? null, c.level ?? 0, 1, 'rejected');
        const res = await payout(maker, { currency: 'TRX', amount: whole(c.amount), to, ...(r ? { recipientId: r.id } : {}) });
        expect(res.status).toBe(201);
        const got = { status: res.body.status, route: res.body.route, ...(res.body.failureReason ? { failureReason: res.body.failureReason } : { approvalsRequired: res.body.approvalsRequired }) };
        results.push(`${c.name}: ${JSON.stringify(got)}`);
        expect([c.name, got]).toEqual([c.name, c.expected]);
      }
      expect(results).toHaveLength(cases.length);
    });

    it('rejects any amount above the hot wallet\'s hourly cap (USDT: 150), whatever the level', async () => {
      const r = await recipient(3);
      const res = await payout(maker, { currency: 'USDT', amount: '150.000001', to: generateAccount().base58, recipientId: r.id });
      expect(res.body).toMatchObject({ status: 'rejected', failureReason: 'velocity_cap', failureDetail: expect.stringContaining('hourly cap of 150 USDT') });
    });

    it('names an unknown recipient as the reason, and holds queued payouts with the reason they wait', async () => {
      const res = await payout(maker, { currency: 'TRX', amount: '1', to: generateAccount().base58, recipientId: randomUUID() });
      expect(res.body).toMatchObject({ status: 'rejected', failureReason: 'unknown_recipient' });
      const queued = await payout(maker, { currency: 'TRX', amount: '1', to: generateAccount().base58 });
      const held = await eventually(async () => {
        const p = (await api<PayoutView>(reader, 'GET', `/v1/payouts/${queued.body.id}`)).body;
        return p.holdReason && p;
      }, 'the hold');
      expect(held).toMatchObject({ status: 'queued', holdReason: 'no_hot_wallet', failureDetail: expect.stringContaining('PAYOUT_HOT_WALLET_ID') });
    });
  });

  describe('approvals (maker-checker)', () => {
    let level1: RecipientView;
    beforeAll(async () => {
      level1 = await recipient(1);
    });

    it('never lets the creator approve, needs one other key above the threshold', async () => {
      const p = (await payout(maker, { currency: 'TRX', amount: '30', to: generateAccount().base58, recipientId: level1.id })).body;
      expect(p).toMatchObject({ status: 'pending_approval', approvalsRequired: 1, approvals: [] });
      expect((await api(maker, 'POST', `/v1/payouts/${p.id}/approve`)).status).toBe(403);
      const own = (await payout(makerChecker, { currency: 'TRX', amount: '30', to: generateAccount().base58, recipientId: level1.id })).body;
      const self = await api<ErrorBody>(makerChecker, 'POST', `/v1/payouts/${own.id}/approve`);
      expect([self.status, self.body.error.code]).toEqual([422, 'self_approval']);
      const ok = await api<PayoutView>(checkerA, 'POST', `/v1/payouts/${p.id}/approve`);
      expect(ok.body).toMatchObject({ status: 'queued', approvals: [{ by: expect.stringMatching(/^api-key:/), at: expect.any(String) }] });
      const late = await api<ErrorBody>(checkerB, 'POST', `/v1/payouts/${p.id}/approve`);
      expect([late.status, late.body.error.code]).toEqual([409, 'payout_state_conflict']);
      // The webhook of the hold went through the outbox to the gateway.
      await eventually(async () => {
        const events = await api<{ data: Array<{ type: string; data: { payout: { id: string } } }> }>(stack.adminKey, 'GET', '/v1/events?type=payout.pending_approval&limit=100');
        return events.body.data.some((e) => e.data.payout.id === p.id);
      }, 'the payout.pending_approval event');
    });

    it('needs two different keys above the second threshold, the creator never one of them', async () => {
      const p = (await payout(makerChecker, { currency: 'TRX', amount: '60', to: generateAccount().base58, recipientId: level1.id })).body;
      expect(p).toMatchObject({ status: 'pending_approval', approvalsRequired: 2 });
      const one = await api<PayoutView>(checkerA, 'POST', `/v1/payouts/${p.id}/approve`);
      expect(one.body).toMatchObject({ status: 'pending_approval', approvals: [expect.any(Object)] });
      const twice = await api<ErrorBody>(checkerA, 'POST', `/v1/payouts/${p.id}/approve`);
      expect([twice.status, twice.body.error.code]).toEqual([422, 'duplicate_approval']);
      const creator = await api<ErrorBody>(makerChecker, 'POST', `/v1/payouts/${p.id}/approve`);
      expect(creator.body.error.code).toBe('self_approval');
      const two = await api<PayoutView>(checkerB, 'POST', `/v1/payouts/${p.id}/approve`);
      expect(two.body.status).toBe('queued');
      expect(new Set(two.body.approvals.map((a) => a.by)).size).toBe(2);
    });

    it('cancels before broadcast only: a pending one and a queued one, idempotently', async () => {
      const pending = (await payout(maker, { currency: 'TRX', amount: '25', to: generateAccount().base58, recipientId: level1.id })).body;
      const cancelled = await api<PayoutView>(maker, 'POST', `/v1/payouts/${pending.id}/cancel`, { reason: 'user asked' });
      expect(cancelled.body.status).toBe('cancelled');
      expect((await api<PayoutView>(maker, 'POST', `/v1/payouts/${pending.id}/cancel`)).body.status).toBe('cancelled');
      expect((await api<ErrorBody>(checkerA, 'POST', `/v1/payouts/${pending.id}/approve`)).body.error.code).toBe('payout_state_conflict');
      const queued = (await payout(maker, { currency: 'TRX', amount: '1', to: generateAccount().base58 })).body;
      expect((await api<PayoutView>(maker, 'POST', `/v1/payouts/${queued.id}/cancel`)).body.status).toBe('cancelled');
      const { rows } = await pg.query('select cancel_reason, cancelled_by from payout.payouts where id = $1', [pending.id]);
      expect(rows[0]).toEqual({ cancel_reason: 'user asked', cancelled_by: `api-key:${makerId}` });
    });
  });

  describe('destination checks', () => {
    it('holds an address-poisoning look-alike of a known address, with a warning, for an approval', async () => {
      const [known, lookalike] = lookalikePair();
      expect(lookalike.slice(0, 4) + lookalike.slice(-4)).toBe(known.slice(0, 4) + known.slice(-4));
      const r = await recipient(1, [known]);
      const toKnown = (await payout(maker, { currency: 'TRX', amount: '5', to: known, recipientId: r.id })).body;
      expect(toKnown).toMatchObject({ status: 'queued', warnings: [] });
      const poisoned = (await payout(maker, { currency: 'TRX', amount: '5', to: lookalike, recipientId: r.id })).body;
      expect(poisoned).toMatchObject({ status: 'pending_approval', approvalsRequired: 1 });
      expect(poisoned.warnings).toEqual([expect.stringMatching(new RegExp(`^address_lookalike: .*${known}`))]);
      const other = (await payout(maker, { currency: 'TRX', amount: '5', to: generateAccount().base58, recipientId: r.id })).body;
      expect(other.status).toBe('queued');
      // Seen and approved by someone else, it goes on.
      expect((await api<PayoutView>(checkerA, 'POST', `/v1/payouts/${poisoned.id}/approve`)).body.status).toBe('queued');
    });

    it('refuses our own addresses: a hot wallet, a deposit address, an operator-blocked address', async () => {
      const invoice = await api<{ address: string }>(stack.adminKey, 'POST', '/v1/invoices', { currency: 'TRX', amount: '1' });
      for (const to of [hot.address, invoice.body.address, blocked]) {
        const res = await payout(maker, { currency: 'TRX', amount: '1', to });
        expect([to, res.body.status, res.body.failureReason]).toEqual([to, 'rejected', 'own_address']);
      }
    });

    it('asks the chain whether the destination is a contract: USDT or TRX to one is refused', async () => {
      const token = await stack.devnet.createToken({ name: 'Other', symbol: 'OTH' });
      for (const [currency, to] of [['USDT', stack.usdt], ['TRX', token], ['USDT', token]]) {
        const res = await payout(maker, { currency, amount: '1', to });
        expect([currency, to, res.body.status, res.body.failureReason]).toEqual([currency, to, 'rejected', 'destination_is_contract']);
      }
      const plain = await payout(maker, { currency: 'USDT', amount: '1', to: generateAccount().base58 });
      expect(plain.body.status).toBe('queued');
    });
  });

  describe('idempotency', () => {
    it('makes 20 concurrent identical requests with one Idempotency-Key through the gateway one payout', async () => {
      const body = { currency: 'TRX', amount: '1.5', to: generateAccount().base58, reference: 'withdrawal-20' };
      const replies = await Promise.all(Array.from({ length: 20 }, () => payout(maker, body, { 'Idempotency-Key': 'twenty-at-once' })));
      expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      const { rows } = await pg.query<{ n: number }>(`select count(*)::int as n from payout.payouts where reference = 'withdrawal-20'`);
      expect(rows[0].n).toBe(1);
    });

    it('keeps one payout per key in the payout service itself (20 at once past the gateway), and refuses the key for another payout', async () => {
      const body = { currency: 'TRX', amount: '2', to: generateAccount().base58, idempotencyKey: `spec:${randomUUID()}` };
      const replies = await Promise.all(Array.from({ length: 20 }, () => direct(body)));
      expect(new Set(replies.map((r) => r.id)).size).toBe(1);
      const { rows } = await pg.query<{ n: number }>('select count(*)::int as n from payout.payouts where idempotency_key = $1', [body.idempotencyKey]);
      expect(rows[0].n).toBe(1);
      await expect(direct({ ...body, amount: '3' })).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    });
  });

  describe('limits under 100 parallel requests at the boundary', () => {
    const statuses = (replies: PayoutView[]) => replies.reduce<Record<string, number>>((m, p) => ((m[`${p.status}:${p.failureReason ?? ''}`] = (m[`${p.status}:${p.failureReason ?? ''}`] ?? 0) + 1), m), {});

    it('V0: a destination gets exactly its 24 h limit (10 x 1 TRX), the other 90 are rejected naming it', async () => {
      const to = generateAccount().base58;
      const replies = await Promise.all(Array.from({ length: 100 }, () => direct({ currency: 'TRX', amount: '1', to })));
      expect(statuses(replies)).toEqual({ 'queued:': 10, 'rejected:v0_daily_limit_destination': 90 });
    });

    it('V0 in USDT: 4 x 1 USDT of 100', async () => {
      const to = generateAccount().base58;
      const replies = await Promise.all(Array.from({ length: 100 }, () => direct({ currency: 'USDT', amount: '1', to })));
      expect(statuses(replies)).toEqual({ 'queued:': 4, 'rejected:v0_daily_limit_destination': 96 });
    });

    it('KYC level 1: a recipient gets exactly its 24 h limit (20 x 10 TRX to 100 destinations)', async () => {
      const r = await recipient(1);
      const replies = await Promise.all(Array.from({ length: 100 }, () => direct({ currency: 'TRX', amount: '10', to: generateAccount().base58, recipientId: r.id })));
      expect(statuses(replies)).toEqual({ 'queued:': 20, 'rejected:kyc_daily_limit': 80 });
    });
  });

  describe('batches', () => {
    it('routes up to 500 items each on its own, in order, once per Idempotency-Key', async () => {
      const items = Array.from({ length: 500 }, (_, i) => ({ currency: 'TRX', amount: i % 5 === 0 ? '6' : '0.01', to: i === 7 ? hot.address : generateAccount().base58, reference: `item-${i}` }));
      const r = await api<{ data: PayoutView[] }>(maker, 'POST', '/v1/payouts/batch', { items }, { 'Idempotency-Key': 'batch-500' });
      expect(r.status).toBe(201);
      expect(r.body.data.map((p) => p.reference)).toEqual(items.map((i) => i.reference));
      expect(new Set(r.body.data.map((p) => p.batchId)).size).toBe(1);
      const expected = items.map((_, i) => (i % 5 === 0 ? 'rejected:v0_amount_limit' : i === 7 ? 'rejected:own_address' : 'queued:'));
      expect(r.body.data.map((p) => `${p.status}:${p.failureReason ?? ''}`)).toEqual(expected);
      const again = await api<{ data: PayoutView[] }>(maker, 'POST', '/v1/payouts/batch', { items }, { 'Idempotency-Key': 'batch-500' });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.data.map((p) => p.id)).toEqual(r.body.data.map((p) => p.id));
      const tooMany = await api<ErrorBody>(maker, 'POST', '/v1/payouts/batch', { items: [...items, items[1]] });
      expect(tooMany.status).toBe(400);
    });
  });

  describe('reading and operating', () => {
    it('lists by status, newest first, with a cursor', async () => {
      const first = await api<{ data: PayoutView[]; nextCursor: string }>(reader, 'GET', '/v1/payouts?status=rejected&limit=5');
      expect(first.body.data).toHaveLength(5);
      expect(first.body.data.every((p) => p.status === 'rejected')).toBe(true);
      const next = await api<{ data: PayoutView[] }>(reader, 'GET', `/v1/payouts?status=rejected&limit=5&cursor=${first.body.nextCursor}`);
      expect(next.body.data).toHaveLength(5);
      expect(next.body.data.filter((p) => first.body.data.some((q) => q.id === p.id))).toEqual([]);
      expect(new Date(next.body.data[0].createdAt).getTime()).toBeLessThanOrEqual(new Date(first.body.data[4].createdAt).getTime());
      const missing = await api<ErrorBody>(reader, 'GET', `/v1/payouts/${randomUUID()}`);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'payout_not_found']);
    });

    it('shows its limits in /config, its figures in /payout-router/stats and its metrics', async () => {
      const config = await api<{ services: { payout: { payout: { limits: { TRX: { v0: { maxPerPayout: string }; kyc: { level2: { secondApprovalAbove: string } } } } } } } }>(stack.adminKey, 'GET', '/config');
      expect(config.body.services.payout.payout.limits.TRX.v0.maxPerPayout).toBe('5');
      expect(config.body.services.payout.payout.limits.TRX.kyc.level2.secondApprovalAbove).toBe('500');
      const stats = await api<{ payouts: { byStatus: Record<string, number>; byRoute: Record<string, Record<string, number>>; held: Record<string, number>; refusals: Record<string, number> } }>(stack.adminKey, 'GET', '/payout-router/stats');
      expect(stats.body.payouts.byStatus.rejected).toBeGreaterThan(100);
      expect(stats.body.payouts.byRoute.kyc.pending_approval).toBeGreaterThan(0);
      expect(stats.body.payouts.refusals.v0_daily_limit_destination).toBeGreaterThanOrEqual(186);
      const metrics = await (await fetch(`${stack.url('payout')}/metrics`)).text();
      expect(metrics).toMatch(/^tronpay_payouts_total\{route="v0",status="rejected",service="payout"\} \d+/m);
      expect(metrics).toMatch(/^tronpay_payout_refusals_total\{status="rejected",reason="kyc_daily_limit",service="payout"\} \d+/m);
      expect(metrics).toMatch(/^tronpay_payout_holds_total\{reason="no_hot_wallet",service="payout"\} \d+/m);
      // POST /restart/payout stops the worker (its jobs finished) and starts it again.
      const restart = await api<{ service: string; restarted: string[] }>(stack.adminKey, 'POST', '/restart/payout');
      expect(restart.body).toMatchObject({ service: 'payout', restarted: expect.arrayContaining(['connections', 'payout-worker']) });
      const after = await payout(maker, { currency: 'TRX', amount: '1', to: generateAccount().base58 });
      expect(after.body.status).toBe('queued');
    });
  });
});
