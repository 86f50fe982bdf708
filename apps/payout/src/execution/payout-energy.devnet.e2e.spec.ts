import { Client } from 'pg';
import type { PayoutView, SolidBalanceReply, WalletView } from '@tronpay/models';
import { createTestDatabase, createTestRedis, DevnetReads, metricValue, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { RedisStreamsClient } from '@tronpay/transport';
import { generateAccount } from '@tronpay/tron';
import { eventually } from '../testing/payout-kit';

const SUN = 1_000_000n;

// A USDT payout runs on energy the staking service's energy manager delegates to the hot wallet
// for it, and gives back once the transfer is confirmed: the hot wallet burns no TRX. When the
// energy manager does not answer, the payout is not stuck: it burns within its fee limit, says
// so, and the lease it asked for is still given back once the staking service is there again.
describe('USDT payouts on delegated energy (devnet; tron-client, wallet, staking, payout as processes)', () => {
  jest.setTimeout(300_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let client: RedisStreamsClient;
  let pg: Client;
  let chain: DevnetReads;
  let staking: WalletView;
  let hot: WalletView;
  const stakingEnv: Record<string, string> = { STAKING_FOLLOW_INTERVAL_MS: '200', ENERGY_WORKER_INTERVAL_MS: '200' };
  const payoutEnv: Record<string, string> = {
    PAYOUT_ENERGY: 'lease',
    PAYOUT_FLOOR_TRX: '0',
    PAYOUT_RELAY_INTERVAL_MS: '200',
    PAYOUT_RETRY_DELAY_MS: '300',
    PAYOUT_RECONCILE_INTERVAL_MS: '1000',
    // An energy manager that does not answer is given up on after this, for the fallback case.
    TRANSPORT_REQUEST_TIMEOUT_MS: '2000',
  };

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['tron-client', 'wallet'],
      devnet: { blockMs: 300, solidLag: 2 },
      serviceEnv: { staking: stakingEnv, payout: payoutEnv },
    });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 20_000 });
    await client.connect();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    chain = new DevnetReads(stack.devnet.url);

    staking = await client.request<WalletView>('wallet.wallets.create.v1', { label: 'staking', kind: 'hot', requestedBy: 'spec' });
    hot = await client.request<WalletView>('wallet.wallets.create.v1', { label: 'payouts', kind: 'hot', requestedBy: 'spec' });
    stakingEnv.ENERGY_STAKING_WALLET_ID = staking.id;
    payoutEnv.PAYOUT_HOT_WALLET_ID = hot.id;
    await stack.devnet.fund(staking.address, { trx: '100000' });
    await stack.devnet.fund(hot.address, { trx: '100', usdt: '50' });
    await eventually(async () => BigInt((await solid(hot.address)).token ?? '0') === 50n * SUN, 'the hot wallet funded on the solidified chain');
    await Promise.all([stack.start('staking'), stack.start('payout')]);
    await client.request('staking.freeze.v1', { walletId: staking.id, amount: '60000', resource: 'ENERGY', requestedBy: 'spec' });
    await eventually(async () => (await client.request<{ frozen: { energy: string } }>('staking.get.v1', { walletId: staking.id })).frozen.energy === '60000', 'the stake');
  });
  afterAll(async () => {
    await pg?.end();
    await client?.close();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const solid = (address: string) => client.request<SolidBalanceReply>('tron-client.balance.solid.v1', { address, contract: stack.usdt });
  const payout = (amount: string, to: string) => client.request<PayoutView>('payout.payouts.create.v1', { currency: 'USDT', amount, to, requestedBy: 'spec' });
  const row = async (id: string) =>
    (await pg.query<{ status: string; tx_id: string | null; hold_reason: string | null }>('select status, tx_id, hold_reason from payout.payouts where id = $1', [id])).rows[0];
  const leases = async (id: string) =>
    (await pg.query<{ key: string; status: string; reason: string | null; ready_at: Date | null; released_at: Date | null }>('select * from payout.energy_leases where payout_id = $1 order by attempt', [id])).rows;
  const confirmed = (id: string) => eventually(async () => (await row(id)).status === 'confirmed' && row(id), `payout ${id} confirmed`);

  it('is sent on energy delegated for it: no TRX burned by the hot wallet, the delegation taken back once it is confirmed', async () => {
    const to = generateAccount().base58;
    const trxBefore = await chain.trxOf(hot.address);
    const created = await payout('5', to);

    const done = await confirmed(created.id);
    const receipt = await chain.receipt(done.tx_id as string);
    // The transfer to a new holder used its energy from the delegation and burned none of it.
    expect(receipt.receipt?.result).toBe('SUCCESS');
    expect([receipt.receipt?.energy_fee ?? 0, receipt.receipt?.energy_usage ?? 0]).toEqual([0, expect.any(Number)]);
    expect(receipt.receipt?.energy_usage).toBeGreaterThan(60_000);
    expect(BigInt((await solid(to)).token ?? '0')).toBe(5n * SUN);
    expect(await chain.trxOf(hot.address)).toBe(trxBefore);

    // One lease, made ready before the transfer was built, given back after it was confirmed.
    const [lease, ...more] = await eventually(async () => {
      const l = await leases(created.id);
      return l.length > 0 && l[0].released_at !== null && l;
    }, 'the lease released');
    expect(more).toEqual([]);
    expect(lease).toMatchObject({ key: `payout:${created.id}:1`, ready_at: expect.any(Date) });
    const [built] = (await pg.query<{ created_at: Date }>('select created_at from payout.payout_transactions where payout_id = $1', [created.id])).rows;
    expect(built.created_at.getTime()).toBeGreaterThanOrEqual(lease.ready_at!.getTime());
    await eventually(async () => (await chain.delegated(staking.address, hot.address)) === 0n, 'the delegation reclaimed on chain');
    const operations = async () =>
      (await pg.query<{ status: string; kind: string }>('select o.kind, o.status from staking.operations o join staking.energy_leases l on l.id = o.lease_id where l.key = $1 order by o.created_at', [lease.key])).rows;
    const staked = await eventually(async () => {
      const ops = await operations();
      return ops.every((o) => o.status === 'confirmed') && ops;
    }, 'the staking operations of the lease confirmed');
    expect(staked.map((o) => o.kind)).toEqual(['delegate', 'undelegate']);
    expect(await metricValue(stack.url('payout'), 'tronpay_payout_energy_total', { source: 'lease' })).toBe(1);
  });

  it('several at once from one hot wallet: each gets its own energy, none burns TRX for it', async () => {
    const destinations = Array.from({ length: 3 }, () => generateAccount().base58);
    const trxBefore = await chain.trxOf(hot.address);
    const created = await Promise.all(destinations.map((to) => payout('1', to)));
    let fees = 0n;
    for (const p of created) {
      const receipt = await chain.receipt((await confirmed(p.id)).tx_id as string);
      expect([p.id, receipt.receipt?.energy_fee ?? 0]).toEqual([p.id, 0]);
      // Once the day's free bandwidth is used up, each transfer burns its bytes (the staking wallet has no bandwidth stake here).
      expect(BigInt(receipt.fee ?? 0)).toBe(BigInt(receipt.receipt?.net_fee ?? 0));
      fees += BigInt(receipt.fee ?? 0);
    }
    expect(fees).toBeLessThan(SUN * 2n);
    expect(await chain.trxOf(hot.address)).toBe(trxBefore - fees);
    await eventually(async () => (await chain.delegated(staking.address, hot.address)) === 0n, 'every delegation reclaimed');
  });

  it('with the energy manager down: burns within the fee limit, says so, and the lease it asked for is given back later', async () => {
    await stack.stop('staking');
    const to = generateAccount().base58;
    const trxBefore = await chain.trxOf(hot.address);
    const created = await payout('2', to);
    const done = await confirmed(created.id);
    const burned = BigInt((await chain.receipt(done.tx_id as string)).receipt?.energy_fee ?? 0);
    expect(burned).toBeGreaterThan(0n);
    expect(burned).toBeLessThanOrEqual(30n * SUN);
    expect(await chain.trxOf(hot.address)).toBe(trxBefore - BigInt((await chain.receipt(done.tx_id as string)).fee ?? 0));
    expect(await metricValue(stack.url('payout'), 'tronpay_payout_energy_total', { source: 'burn_fallback' })).toBe(1);
    const [lease] = await leases(created.id);
    expect(lease).toMatchObject({ status: 'fallback', reason: expect.stringMatching(/^unanswered: timeout/), released_at: null });

    // Back again, the staking service sees the ask it missed; the payout service gives it back.
    await stack.start('staking');
    await eventually(async () => (await leases(created.id))[0].released_at !== null, 'the missed lease released');
    await eventually(async () => (await chain.delegated(staking.address, hot.address)) === 0n, 'nothing left delegated');
  });
});
