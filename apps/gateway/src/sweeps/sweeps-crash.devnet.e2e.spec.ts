import { Client } from 'pg';
import type { EnergyLeaseView } from '@tronpay/models';
import { RedisStreamsClient } from '@tronpay/transport';
import { generateAccount } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { SweepKit } from './testing/sweep-kit';

// A sweep killed in the middle (SIGKILL, no draining) resumes where it was: after the delegation
// (the gateway and the energy manager both killed while it waits in the pool) and after the
// broadcast (the gateway and the usdt service killed while the transfer waits in the pool). Each
// time: one transfer ever signed from the deposit address, one delegation, the treasury up by
// exactly the deposit, the delegation taken back. The chain moves only when this spec mines, so
// each crash lands exactly where it is meant to.
describe('sweeps resumed after a crash, on the devnet', () => {
  jest.setTimeout(600_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let pg: Client;
  let kit: SweepKit;
  let client: RedisStreamsClient;
  const treasury = generateAccount().base58;
  const stakingEnv: Record<string, string> = { STAKING_FOLLOW_INTERVAL_MS: '200', ENERGY_WORKER_INTERVAL_MS: '200' };
  let staking: { id: string; address: string };

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['tron-client', 'wallet', 'usdt'],
      devnet: { solidLag: 2 },
      serviceEnv: {
        wallet: { WALLET_TREASURY_ADDRESS: treasury, WALLET_MAX_EXPIRATION_SECONDS: '86400' },
        usdt: { USDT_FOLLOW_INTERVAL_MS: '200' },
        staking: stakingEnv,
        gateway: { WALLET_TREASURY_ADDRESS: treasury, SWEEP_POLL_MS: '300', SWEEP_INTERVAL_MS: '300', SWEEP_RETRY_MS: '700' },
      },
    });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 10_000 });
    await client.connect();
    staking = await client.request<{ id: string; address: string }>('wallet.wallets.create.v1', { label: 'staking', kind: 'hot', requestedBy: 'spec' });
    stakingEnv.ENERGY_STAKING_WALLET_ID = staking.id;
    await Promise.all([stack.start('staking'), stack.start('gateway')]);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    kit = new SweepKit(stack, pg);
    await stack.devnet.fund(staking.address, { trx: '100000' });
    await stack.devnet.mine();
    for (const [amount, resource] of [['60000', 'ENERGY'], ['2000', 'BANDWIDTH']]) {
      expect((await kit.api('POST', '/v1/staking/freeze', { walletId: staking.id, amount, resource })).status).toBe(201);
    }
    await kit.mineUntil(async () => (await kit.api<{ frozen: { energy: string } }>('GET', `/v1/staking/${staking.id}`)).body.frozen.energy === '60000', 'the stake');
  });
  afterAll(async () => {
    await client?.close();
    await pg?.end();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const sweepRow = async (address: string) => (await pg.query<{ id: string; status: string }>('select id, status from gateway.sweeps where address = $1', [address])).rows;
  const sentFrom = async (address: string) => (await pg.query<{ tx_id: string; status: string }>('select tx_id, status from tron_client.broadcasts where owner_address = $1', [address])).rows;

  it('killed after the delegation: resumes, one delegation, one transfer, the delegation reclaimed', async () => {
    const inv = await kit.invoice('USDT', '4');
    const before = await kit.usdtOf(treasury);
    await kit.payUsdt(1, inv.address, 4_000_000n);
    // Mine until the energy manager has sent the delegation; it then waits in the pool, unmined.
    await kit.mineUntil(async () => (await kit.leaseOps(inv.address)).some((o) => o.kind === 'delegate' && o.status === 'broadcast'), 'the delegation sent');
    await Promise.all([stack.stop('gateway', 'SIGKILL'), stack.stop('staking', 'SIGKILL')]);
    expect((await sweepRow(inv.address))[0].status).toBe('preparing');
    expect(await sentFrom(inv.address)).toEqual([]);
    await stack.devnet.mine(4);
    await Promise.all([stack.start('staking'), stack.start('gateway')]);

    const sweep = await kit.sweepReaches(inv.address, 'completed');
    expect(await kit.usdtOf(treasury)).toBe(before + 4_000_000n);
    expect(await kit.usdtOf(inv.address)).toBe(0n);
    expect((await sentFrom(inv.address)).map((t) => `${t.tx_id}:${t.status}`)).toEqual([`${sweep.legs[0].txId}:confirmed`]);
    expect((await kit.receipt(sweep.legs[0].txId as string)).receipt?.energy_fee ?? 0).toBe(0);
    await kit.mineUntil(async () => (await kit.delegated(staking.address, inv.address)) === 0n, 'the delegation reclaimed');
    const ops = await kit.leaseOps(inv.address);
    expect(ops.filter((o) => o.kind === 'delegate').map((o) => o.status)).toEqual(['confirmed']);
    await kit.mineUntil(async () => (await kit.leaseOps(inv.address)).some((o) => o.kind === 'undelegate' && o.status === 'confirmed'), 'the reclaim recorded');
  });

  it('killed after the broadcast: resumes, the same transaction followed to the end, no second sweep', async () => {
    const inv = await kit.invoice('USDT', '6');
    const before = await kit.usdtOf(treasury);
    await kit.payUsdt(2, inv.address, 6_000_000n);
    // Mine until the sweep's transfer is broadcast; it then waits in the pool, unmined.
    const sent = await kit.mineUntil(async () => {
      const rows = await sentFrom(inv.address);
      return rows.length === 1 && rows[0].status === 'broadcast' && rows;
    }, 'the sweep transfer sent');
    await Promise.all([stack.stop('gateway', 'SIGKILL'), stack.stop('usdt', 'SIGKILL')]);
    expect((await sweepRow(inv.address))[0].status).toBe('sending');
    await stack.devnet.mine(4);
    await Promise.all([stack.start('usdt'), stack.start('gateway')]);

    const sweep = await kit.sweepReaches(inv.address, 'completed');
    expect(sweep.legs).toEqual([expect.objectContaining({ txId: sent[0].tx_id, status: 'confirmed', amount: '6' })]);
    expect(await kit.usdtOf(treasury)).toBe(before + 6_000_000n);
    expect(await kit.usdtOf(inv.address)).toBe(0n);
    expect(await sentFrom(inv.address)).toEqual([{ tx_id: sent[0].tx_id, status: 'confirmed' }]);
    expect((await pg.query("select 1 from usdt.transfers where reference = 'sweep:' || $1", [sweep.id])).rowCount).toBe(1);
    expect(await kit.sweepsOf(inv.address)).toHaveLength(1);
    await kit.mineUntil(async () => (await kit.delegated(staking.address, inv.address)) === 0n, 'the delegation reclaimed');
  });

  it('the energy manager over the transport, as the payout service will use it: a hot wallet given energy, then taken back', async () => {
    const payouts = await client.request<{ id: string; address: string }>('wallet.wallets.create.v1', { label: 'payouts', kind: 'hot', requestedBy: 'spec' });
    await stack.devnet.fund(payouts.address, { trx: '10' });
    await stack.devnet.mine();
    const lease = { key: 'payout:spec-1', address: payouts.address, energy: '64285', bandwidth: '345', topUp: false, purpose: 'payout', requestedBy: 'spec' };
    const acquire = () => client.request<EnergyLeaseView>('staking.energy.acquire.v1', lease);
    const ready = await kit.mineUntil(async () => {
      const l = await acquire();
      return l.status === 'ready' && l;
    }, 'the lease ready');
    // A hot wallet pays its own fees: nothing sent to it, nothing to burn, the energy all delegated.
    expect(ready).toMatchObject({ purpose: 'payout', energyNeeded: 64_285, burnEnergy: 0, burnSun: '0', topUps: [], reason: null });
    expect(BigInt(ready.delegated.energy)).toBeGreaterThan(0n);
    const resources = await kit.devnet<{ EnergyLimit?: number; EnergyUsed?: number }>('/wallet/getaccountresource', { address: payouts.address });
    expect((resources.EnergyLimit ?? 0) - (resources.EnergyUsed ?? 0)).toBeGreaterThanOrEqual(64_285);
    // The same key is the same lease: asked again, nothing more is delegated.
    expect((await acquire()).id).toBe(ready.id);
    expect((await kit.leaseOps(payouts.address)).filter((o) => o.kind === 'delegate')).toHaveLength(1);
    await expect(client.request('staking.energy.acquire.v1', { ...lease, address: generateAccount().base58 })).rejects.toMatchObject({ code: 'lease_conflict' });

    await client.request<EnergyLeaseView>('staking.energy.release.v1', { key: lease.key });
    const released = await kit.mineUntil(async () => {
      const l = await client.request<EnergyLeaseView>('staking.energy.get.v1', { key: lease.key });
      return l.status === 'released' && l;
    }, 'the lease released');
    expect(released.txIds).toHaveLength(2);
    expect(await kit.delegated(staking.address, payouts.address)).toBe(0n);
    await expect(client.request('staking.energy.get.v1', { key: 'payout:nope' })).rejects.toMatchObject({ code: 'lease_not_found' });
  });
});
