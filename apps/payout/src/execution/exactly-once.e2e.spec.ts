import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { FAILPOINT_NAMES, FailpointName, formatUnits } from '@tronpay/config';
import type { PayoutBatchReply, PayoutView, WalletView } from '@tronpay/models';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { eventually, sleep } from '../testing/payout-kit';

const SUN = 1_000_000n;
const PAYOUTS = 200;

// Exactly once on the devnet with every service in its own process: payouts run while the payout
// process is killed (SIGKILL) at each named point of execution and at random moments, and
// restarted; then the hot wallet's velocity cap and balance are put under 100 parallel requests.
describe('exactly-once payouts under crashes, and the treasury guards (devnet, tron-client, wallet, payout as processes)', () => {
  jest.setTimeout(600_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let client: RedisStreamsClient;
  let pg: Client;
  const payoutEnv: Record<string, string> = {
    PAYOUT_JOB_LOCK_MS: '1500',
    PAYOUT_RELAY_INTERVAL_MS: '200',
    PAYOUT_RETRY_DELAY_MS: '300',
    PAYOUT_RECONCILE_INTERVAL_MS: '1000',
    PAYOUT_TX_EXPIRATION_SECONDS: '60',
    PAYOUT_V0_MAX_TRX: '10',
    PAYOUT_V0_DAILY_TRX: '100',
    // A command in flight when the process dies goes to the restarted one soon.
    TRANSPORT_VISIBILITY_TIMEOUT_MS: '2000',
  };
  const serviceEnv = { payout: payoutEnv };

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['tron-client', 'wallet', 'payout'],
      // Solidification (and so tron-client's confirmation) slower than a restart: a resumed payout
      // meets its own transaction still in flight, not already confirmed.
      devnet: { blockMs: 200, solidLag: 20 },
      serviceEnv,
    });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 60_000 });
    await client.connect();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await client?.close();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const devnet = async <T>(path: string, body: object): Promise<T> => (await (await fetch(`${stack.devnet.url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  const balance = async (address: string) => BigInt((await devnet<{ balance?: number }>('/wallet/getaccount', { address, visible: true })).balance ?? 0);
  const onChain = async (txId: string) => typeof (await devnet<{ blockNumber?: number }>('/wallet/gettransactioninfobyid', { value: txId })).blockNumber === 'number';
  const hotWallet = async (label: string, trx: string) => {
    const w = await client.request<WalletView>('wallet.wallets.create.v1', { label, kind: 'hot', requestedBy: 'spec' });
    await stack.devnet.fund(w.address, { trx });
    // Reservations weigh the solidified balance: start once the funding is solid.
    const solid = async () => BigInt((await devnet<{ balance?: number }>('/walletsolidity/getaccount', { address: w.address, visible: true })).balance ?? 0);
    await eventually(async () => (await solid()) === BigInt(trx) * SUN, `${label} funded on the solidified chain`);
    return w;
  };
  /** Restarts the payout process with other settings (the stack reads this env at each start). */
  const restartPayout = async (env: Record<string, string | undefined>) => {
    await stack.stop('payout', 'SIGTERM');
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete payoutEnv[k];
      else payoutEnv[k] = v;
    }
    await stack.start('payout');
  };
  const count = async (where: string, ...params: unknown[]) => (await pg.query<{ n: number }>(`select count(*)::int as n from payout.payouts where ${where}`, params)).rows[0].n;

  it(`pays ${PAYOUTS} payouts exactly once while the payout process is killed at every point of execution`, async () => {
    const hot = await hotWallet('hot crash', '3000');
    const destinations = Array.from({ length: PAYOUTS }, () => generateAccount().base58);
    // Distinct amounts, so a payment that landed at the wrong place or twice shows in the balances.
    const amounts = destinations.map((_, i) => 1n * SUN + BigInt(i + 1) * 1000n);
    const items = destinations.map((to, i) => ({ currency: 'TRX', amount: (Number(amounts[i]) / 1e6).toString(), to }));

    // Each failpoint twice, at an early pass, in random order, while there is plenty of work; and
    // three rounds killed from outside at a random moment among them.
    const armed = FAILPOINT_NAMES.flatMap((point) => [point, point]).sort(() => Math.random() - 0.5);
    const plan: Array<{ point: FailpointName | null; hit: number }> = armed.map((point) => ({ point, hit: 1 + Math.floor(Math.random() * 6) }));
    for (const at of [2, 7, 10]) plan.splice(at, 0, { point: null, hit: 0 });
    const hits: string[] = [];
    let externalKills = 0;
    const allConfirmed = async () => (await count(`status = 'confirmed' and destination = any($1)`, destinations)) === PAYOUTS;

    // The payouts are asked for while the first round runs (with its failpoint armed): a crash
    // during the batch is retried by the transport's redelivery, once per idempotency key.
    await restartPayout({ PAYOUT_FAILPOINTS: plan[0].point ? `${plan[0].point}@${plan[0].hit}` : undefined, PAYOUT_HOT_WALLET_ID: hot.id });
    const batchKey = `spec:${randomUUID()}`;
    const created = (async () => {
      const out: PayoutView[] = [];
      for (let i = 0; i < PAYOUTS; i += 50) {
        const reply = await client.request<PayoutBatchReply>('payout.payouts.batch.v1', { items: items.slice(i, i + 50), requestedBy: 'spec', idempotencyKey: `${batchKey}:${i}` });
        out.push(...reply.data);
      }
      return out;
    })();

    for (let round = 0; round < plan.length; round++) {
      const { point } = plan[round];
      if (round > 0) {
        payoutEnv.PAYOUT_FAILPOINTS = point ? `${point}@${plan[round].hit}` : '';
        try {
          await stack.start('payout');
        } catch {
          // It may reach its failpoint before it answers ready: that is a crash like any other.
        }
      }
      const proc = stack.process('payout');
      const killAfter = point ? 15_000 : 300 + Math.random() * 1_200;
      const ended = await Promise.race([proc.exited.then(() => 'exited' as const), sleep(killAfter).then(() => 'timer' as const)]);
      if (ended === 'timer') {
        externalKills += point ? 0 : 1;
        await stack.stop('payout', 'SIGKILL');
      }
      hits.push(...(proc.output().match(/failpoint [a-z-]+#\d+: SIGKILL/g) ?? []));
      if (await allConfirmed()) break;
    }
    payoutEnv.PAYOUT_FAILPOINTS = '';
    await stack.start('payout');
    const views = await created;
    expect(views).toHaveLength(PAYOUTS);
    expect(new Set(views.map((v) => v.id)).size).toBe(PAYOUTS);
    await eventually(allConfirmed, 'every payout confirmed', 240_000, 500);

    // Every point of execution was crashed at, and the process was killed from outside too.
    for (const point of FAILPOINT_NAMES) expect(hits.some((h) => h.startsWith(`failpoint ${point}#`))).toBe(true);
    expect(externalKills).toBeGreaterThan(0);

    const { rows } = await pg.query<{ id: string; destination: string; amount: string; tx_id: string; fee: string; txs: string[] }>(
      `select p.id, p.destination, p.amount, p.tx_id, p.fee, array_agg(t.tx_id order by t.attempt) as txs
         from payout.payouts p join payout.payout_transactions t on t.payout_id = p.id
        where p.destination = any($1) group by p.id`,
      [destinations],
    );
    expect(rows).toHaveLength(PAYOUTS);
    // One payout per destination, and each destination holds exactly its amount: paid once.
    expect(new Set(rows.map((r) => r.destination)).size).toBe(PAYOUTS);
    for (let i = 0; i < PAYOUTS; i++) expect([destinations[i], await balance(destinations[i])]).toEqual([destinations[i], amounts[i]]);
    // No payout has two transactions on chain: the one it records, and none of its others.
    for (const r of rows) {
      const landed: string[] = [];
      for (const t of r.txs) if (await onChain(t)) landed.push(t);
      expect([r.id, landed]).toEqual([r.id, [r.tx_id]]);
    }
    // And the hot wallet paid nothing else: what left it is the amounts and their fees.
    const spent = rows.reduce((s, r) => s + BigInt(r.amount) + BigInt(r.fee), 0n);
    expect(await balance(hot.address)).toBe(3000n * SUN - spent);
  });

  it('holds the hot wallet to its hourly velocity cap under 100 parallel requests at the boundary, then rejects the rest', async () => {
    const hot = await hotWallet('hot velocity', '500');
    // Many workers, so that reservations race each other for real.
    await restartPayout({ PAYOUT_FAILPOINTS: undefined, PAYOUT_HOT_WALLET_ID: hot.id, PAYOUT_VELOCITY_HOURLY_TRX: '10', PAYOUT_TREASURY_GUARD: 'wait', PAYOUT_WORKER_CONCURRENCY: '32' });
    const destinations = Array.from({ length: 100 }, () => generateAccount().base58);
    const created = await Promise.all(destinations.map((to) => client.request<PayoutView>('payout.payouts.create.v1', { currency: 'TRX', amount: '1', to, requestedBy: 'spec' })));
    expect(created.every((p) => p.status === 'queued')).toBe(true);
    const mine = `hot_wallet_id = $1 or destination = any($2)`;
    // Every one of them looked at once: reserved within the cap, or waiting for it.
    await eventually(async () => (await count(`(${mine}) and (reserved_at is not null or hold_reason = 'velocity_cap')`, hot.id, destinations)) === 100, 'all 100 weighed');
    expect(await count(`hot_wallet_id = $1 and reserved_at is not null`, hot.id)).toBe(10);
    expect(await count(`destination = any($1) and hold_reason = 'velocity_cap' and status = 'queued'`, destinations)).toBe(90);
    await eventually(async () => (await count(`hot_wallet_id = $1 and status = 'confirmed'`, hot.id)) === 10, 'the 10 confirmed');
    const { rows: held } = await pg.query<{ id: string }>(`select id from payout.payouts where destination = any($1) and hold_reason = 'velocity_cap' limit 1`, [destinations]);
    const waiting = await client.request<PayoutView>('payout.payouts.get.v1', { id: held[0].id });
    expect(waiting).toMatchObject({ status: 'queued', holdReason: 'velocity_cap', failureDetail: expect.stringContaining('would pass the cap of 10 TRX') });

    // The same guard in reject mode: the waiting ones are rejected, naming it; none is sent.
    await restartPayout({ PAYOUT_TREASURY_GUARD: 'reject' });
    await eventually(async () => (await count(`destination = any($1) and status = 'rejected' and failure_reason = 'velocity_cap'`, destinations)) === 90, 'the 90 rejected');
    expect(await count(`destination = any($1) and status = 'confirmed'`, destinations)).toBe(10);
    const paid = await Promise.all(destinations.map(balance));
    expect(paid.filter((b) => b === SUN)).toHaveLength(10);
    expect(paid.filter((b) => b === 0n)).toHaveLength(90);
  });

  it('never lets concurrent payouts together spend more than the hot wallet holds above its floor', async () => {
    // 30 TRX, a floor of 5: each 2 TRX payout reserves 3.5 with its fee reserve, so 7 fit (24.5 of 25).
    const hot = await hotWallet('hot balance', '30');
    await restartPayout({ PAYOUT_HOT_WALLET_ID: hot.id, PAYOUT_VELOCITY_HOURLY_TRX: '100000', PAYOUT_TREASURY_GUARD: 'wait', PAYOUT_FLOOR_TRX: '5', PAYOUT_TRX_FEE_RESERVE_SUN: '1500000' });
    const destinations = Array.from({ length: 40 }, () => generateAccount().base58);
    await Promise.all(destinations.map((to) => client.request<PayoutView>('payout.payouts.create.v1', { currency: 'TRX', amount: '2', to, requestedBy: 'spec' })));
    await eventually(async () => (await count(`destination = any($1) and (reserved_at is not null or hold_reason = 'insufficient_balance')`, destinations)) === 40, 'all 40 weighed');
    expect(await count(`destination = any($1) and reserved_at is not null`, destinations)).toBe(7);
    await eventually(async () => (await count(`destination = any($1) and status = 'confirmed'`, destinations)) === 7, 'the 7 confirmed');
    // Once they settled on the solidified chain, what is left above the floor is below 3.5 TRX: the
    // other 33 are weighed against it (their hold says how much was free) and keep waiting.
    const left = await eventually(async () => {
      const { rows } = await pg.query<{ spent: string }>(`select sum(amount + fee)::text as spent from payout.payouts where destination = any($1) and status = 'confirmed'`, [destinations]);
      const b = await balance(hot.address);
      return b === 30n * SUN - BigInt(rows[0].spent) && b;
    }, 'the hot wallet balance to show the 7');
    expect(left - 5n * SUN).toBeLessThan(3_500_000n);
    const free = `is ${formatUnits(left - 5n * SUN)} TRX;`;
    await eventually(async () => (await count(`destination = any($1) and status = 'queued' and hold_reason = 'insufficient_balance' and position($2 in failure_detail) > 0`, destinations, free)) === 33, `the 33 weighed against the settled balance (${free})`);
    expect(await count(`destination = any($1) and reserved_at is not null`, destinations)).toBe(7);
    expect(await count(`destination = any($1) and status in ('failed', 'rejected')`, destinations)).toBe(0);
    expect(await balance(hot.address)).toBeGreaterThanOrEqual(5n * SUN);
    const waiting = await client.request<{ data: PayoutView[] }>('payout.payouts.list.v1', { status: 'queued', limit: 1 });
    expect(waiting.data[0]).toMatchObject({ holdReason: 'insufficient_balance', failureDetail: expect.stringContaining('needs 3.5 TRX') });
  });
});
