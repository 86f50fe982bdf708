import { Client } from 'pg';
import type { PayoutView, RecipientView, WalletView } from '@tronpay/models';
import { verifyWebhook } from '@tronpay/webhooks';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { Address, encodeParams, generateAccount } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { BroadcastFault, eventually, FaultyNodeProxy, WebhookSink } from '../testing/payout-kit';

interface Case {
  fault: BroadcastFault;
  /** Did the node take the bytes? Then no second transaction may ever be built. */
  reachedTheNode: boolean;
  /** How the payout ends (default: confirmed, paid once). */
  failureReason?: string;
}

// "Never a second transaction while the first can still land": tron-client talks to the devnet
// through a node that answers broadcasts wrongly on demand (after taking the transaction, or
// without taking it). Every payout ends confirmed, its destination holds its amount exactly once,
// and a new transaction is only ever built for one the node never had, once it is proved off chain.
describe('ambiguous broadcasts, failures and webhooks (devnet behind a faulty node; tron-client, wallet, payout, gateway as processes)', () => {
  jest.setTimeout(240_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let proxy: FaultyNodeProxy;
  let client: RedisStreamsClient;
  let pg: Client;
  let sink: WebhookSink;
  let secret: string;
  let hot: WalletView;
  const serviceEnv: Record<string, Record<string, string>> = {
    gateway: { WEBHOOK_RELAY_INTERVAL_MS: '300' },
    payout: {
      PAYOUT_KYC_APPROVAL_USDT: '1,10,100',
      PAYOUT_KYC_SECOND_APPROVAL_USDT: '3,30,300',
      PAYOUT_TX_EXPIRATION_SECONDS: '10',
      PAYOUT_RELAY_INTERVAL_MS: '200',
      PAYOUT_RETRY_DELAY_MS: '300',
      PAYOUT_RECONCILE_INTERVAL_MS: '1000',
      PAYOUT_JOB_LOCK_MS: '3000',
    },
  };

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['wallet', 'payout', 'gateway'],
      devnet: { blockMs: 200, solidLag: 2 },
      serviceEnv,
    });
    proxy = await new FaultyNodeProxy(stack.devnet.url).start();
    // A node timeout well under the proxy's hold, so "accepted, then no answer" is what tron-client sees.
    serviceEnv['tron-client'] = { TRON_NODE_URLS: proxy.url, TRON_NODE_TIMEOUT_MS: '1000' };
    await stack.start('tron-client');
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 20_000 });
    await client.connect();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    hot = await client.request<WalletView>('wallet.wallets.create.v1', { label: 'hot', kind: 'hot', requestedBy: 'spec' });
    await stack.devnet.fund(hot.address, { trx: '500', usdt: '100' });
    sink = await new WebhookSink().start();
    const endpoint = await api<{ secret: string }>(stack.adminKey, 'POST', '/v1/webhook-endpoints', { url: sink.url, events: ['payout.pending_approval', 'payout.broadcast', 'payout.confirmed', 'payout.failed', 'payout.rejected'] });
    secret = endpoint.body.secret;
  });
  afterAll(async () => {
    await sink?.close();
    await pg?.end();
    await client?.close();
    await stack?.close();
    await proxy?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  async function api<T>(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${stack.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  /** The webhooks received about one payout, each verified with the endpoint's secret. */
  const hooks = (payoutId: string) =>
    sink.deliveries
      .map((d) => verifyWebhook<{ payout: PayoutView }>(d.body, d.signature, secret))
      .filter((e) => e.data.payout.id === payoutId);

  const onChain = async (txId: string) => {
    const res = await fetch(`${stack.devnet.url}/wallet/gettransactioninfobyid`, { method: 'POST', body: JSON.stringify({ value: txId }) });
    return typeof ((await res.json()) as { blockNumber?: number }).blockNumber === 'number';
  };
  const balance = async (address: string) => {
    const res = await fetch(`${stack.devnet.url}/wallet/getaccount`, { method: 'POST', body: JSON.stringify({ address, visible: true }) });
    return BigInt(((await res.json()) as { balance?: number }).balance ?? 0);
  };

  const cases: Case[] = [
    { fault: 'timeout-after-accept', reachedTheNode: true },
    { fault: 'dup-after-forward', reachedTheNode: true },
    { fault: 'expiration-after-forward', reachedTheNode: true },
    { fault: 'tapos', reachedTheNode: false },
    { fault: 'dup-without-forward', reachedTheNode: false },
    { fault: 'expiration-without-forward', reachedTheNode: false },
    // A refusal about the payout itself: it fails, saying why, but only once that transaction is
    // proved off chain (the node's word alone could be wrong).
    { fault: 'balance-refused', reachedTheNode: false, failureReason: 'insufficient_balance' },
  ];

  it('pays every payout once (a second transaction only for one the node never had), or fails it saying why once its transaction is proved off chain', async () => {
    const runs = await Promise.all(
      cases.map(async (c, i) => {
        const to = generateAccount().base58;
        proxy.inject(to, c.fault);
        const amount = `${i + 1}.25`;
        const created = await client.request<PayoutView>('payout.payouts.create.v1', { currency: 'TRX', amount, to, requestedBy: 'spec' });
        const done = await eventually(
          async () => {
            const p = await client.request<PayoutView>('payout.payouts.get.v1', { id: created.id });
            return (p.status === 'confirmed' || p.status === 'failed') && p;
          },
          `payout ${c.fault}`,
          120_000,
          250,
        );
        return { c, to, amount: BigInt(i + 1) * 1_000_000n + 250_000n, payout: done };
      }),
    );
    for (const { c, to, amount, payout } of runs) {
      const label = `${c.fault}: ${JSON.stringify(payout.transactions)}`;
      const txs = payout.transactions ?? [];
      const landed = [];
      for (const t of txs) if (await onChain(t.txId)) landed.push(t.txId);
      // The fault hit the first transaction; it was the one the node saw (or did not).
      expect(proxy.seen.find((s) => s.to === to)?.fault).toBe(c.fault);
      if (c.failureReason) {
        expect([label, payout.status, payout.failureReason]).toEqual([label, 'failed', c.failureReason]);
        expect(payout.failureDetail).toContain('proved off chain, nothing was sent');
        expect([label, await balance(to), landed, txs.map((t) => t.status)]).toEqual([label, 0n, [], ['failed']]);
        // Failed only after the solidified chain passed that transaction's expiration.
        expect(new Date(payout.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(txs[0].expiration).getTime());
        await eventually(async () => hooks(payout.id).some((e) => e.type === 'payout.failed'), 'the payout.failed webhook');
        expect(hooks(payout.id).find((e) => e.type === 'payout.failed')?.data.payout).toMatchObject({ status: 'failed', failureReason: 'insufficient_balance' });
        continue;
      }
      expect([c.fault, payout.status]).toEqual([c.fault, 'confirmed']);
      // The destination was fresh: exactly the amount arrived, once.
      expect([c.fault, await balance(to)]).toEqual([c.fault, amount]);
      expect([label, landed]).toEqual([label, [payout.txId]]);
      if (c.reachedTheNode) {
        expect([label, txs.length]).toEqual([label, 1]);
      } else if (c.fault === 'tapos') {
        // Transient: the same bytes again, accepted.
        expect([label, txs.map((t) => t.status)]).toEqual([label, ['confirmed']]);
      } else {
        // Never reached a node: after the chain passed its expiration without it, a new one was built.
        expect([label, txs.map((t) => t.status)]).toEqual([label, ['expired', 'confirmed']]);
        expect(new Date(txs[0].expiration).getTime()).toBeLessThan(new Date(txs[1].createdAt).getTime());
      }
    }
    // Every broadcast of one transaction carried the same bytes: one txid per attempt, whatever the re-sends.
    const { rows } = await pg.query<{ n: number }>('select count(*)::int as n from payout.payout_transactions');
    expect(new Set(proxy.seen.map((s) => s.txId)).size).toBe(rows[0].n);
  });

  it('never builds a USDT transfer whose energy would burn more than the fee limit: it fails before any transaction, saying so', async () => {
    await stack.stop('payout', 'SIGTERM');
    serviceEnv.payout.PAYOUT_FEE_LIMIT_SUN = '1000000';
    await stack.start('payout');
    try {
      const to = generateAccount().base58;
      const p = await client.request<PayoutView>('payout.payouts.create.v1', { currency: 'USDT', amount: '1', to, requestedBy: 'spec' });
      const done = await eventually(async () => {
        const v = await client.request<PayoutView>('payout.payouts.get.v1', { id: p.id });
        return v.status === 'failed' && v;
      }, 'the USDT payout to fail');
      expect(done).toMatchObject({ failureReason: 'fee_above_cap', transactions: [], txId: null });
      expect(done.failureDetail).toMatch(/above the fee limit of 1 TRX/);
    } finally {
      await stack.stop('payout', 'SIGTERM');
      delete serviceEnv.payout.PAYOUT_FEE_LIMIT_SUN;
      await stack.start('payout');
    }
  });

  it('takes a KYC payout from the API through two approvals to confirmed, each step a signed webhook', async () => {
    const mint = async (scopes: string[]) => (await api<{ key: string }>(stack.adminKey, 'POST', '/v1/api-keys', { name: scopes.join(' '), scopes })).body.key;
    const [maker, checkerA, checkerB] = [await mint(['payouts:write', 'payouts:read']), await mint(['payouts:approve']), await mint(['payouts:approve'])];
    const to = generateAccount().base58;
    const r = await api<RecipientView>(maker, 'POST', '/v1/recipients', { externalId: 'kyc-user-1', kycLevel: 1, addresses: [to] });
    const created = await api<PayoutView>(maker, 'POST', '/v1/payouts', { currency: 'USDT', amount: '5', to, recipientId: r.body.id, reference: 'withdrawal-9' });
    expect(created.body).toMatchObject({ status: 'pending_approval', route: 'kyc', approvalsRequired: 2 });
    expect((await api<PayoutView>(checkerA, 'POST', `/v1/payouts/${created.body.id}/approve`)).body.status).toBe('pending_approval');
    expect((await api<PayoutView>(checkerB, 'POST', `/v1/payouts/${created.body.id}/approve`)).body.status).toBe('queued');
    const confirmed = await eventually(async () => {
      const p = (await api<PayoutView>(maker, 'GET', `/v1/payouts/${created.body.id}`)).body;
      return p.status === 'confirmed' && p;
    }, 'the payout confirmed');
    expect(confirmed).toMatchObject({ txId: expect.stringMatching(/^[0-9a-f]{64}$/), fee: expect.stringMatching(/^\d+(\.\d+)?$/), approvals: [expect.any(Object), expect.any(Object)] });
    // The recipient holds exactly the 5 USDT.
    const call = await fetch(`${stack.devnet.url}/wallet/triggerconstantcontract`, {
      method: 'POST',
      body: JSON.stringify({ owner_address: Address.parse(to).hex, contract_address: Address.parse(stack.usdt).hex, function_selector: 'balanceOf(address)', parameter: encodeParams(['address'], [Address.parse(to).hex]) }),
    });
    expect(BigInt('0x' + ((await call.json()) as { constant_result: string[] }).constant_result[0])).toBe(5_000_000n);
    await eventually(async () => ['payout.pending_approval', 'payout.broadcast', 'payout.confirmed'].every((t) => hooks(confirmed.id).some((e) => e.type === t)), 'the three webhooks');
    const received = hooks(confirmed.id);
    expect(received.map((e) => e.type).sort()).toEqual(['payout.broadcast', 'payout.confirmed', 'payout.pending_approval']);
    expect(received.find((e) => e.type === 'payout.confirmed')?.data.payout).toMatchObject({ status: 'confirmed', txId: confirmed.txId, reference: 'withdrawal-9' });
    expect(received.find((e) => e.type === 'payout.broadcast')?.data.payout.txId).toBe(confirmed.txId);
    // A rejected one is announced too.
    const rejected = await api<PayoutView>(maker, 'POST', '/v1/payouts', { currency: 'TRX', amount: '100000', to: generateAccount().base58 });
    expect(rejected.body).toMatchObject({ status: 'rejected', failureReason: 'v0_amount_limit' });
    await eventually(async () => hooks(rejected.body.id).some((e) => e.type === 'payout.rejected'), 'the payout.rejected webhook');
  });
});
