import { Client } from 'pg';
import { RedisStreamsClient } from '@tronpay/transport';
import { generateAccount } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { SweepKit } from './testing/sweep-kit';

const STAKING_WALLET_TRX = 400_000;

// The sweep Proof on the devnet, every service in its own process: USDT swept on delegated energy
// (0 TRX burned for it), the delegation taken back, the treasury up by exactly the deposit; many small
// deposits swept as one; TRX swept to the last SUN; staked energy short -> burning within the cap,
// reported; the cap too low -> the sweep waits, reported, nothing on chain; an unknown token neither
// credited nor swept, and listed. The chain moves only when this spec mines.
describe('sweeps on the devnet, all services running', () => {
  jest.setTimeout(600_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let pg: Client;
  let kit: SweepKit;
  let client: RedisStreamsClient;
  const treasury = generateAccount().base58;
  const stakingEnv: Record<string, string> = {
    STAKING_FOLLOW_INTERVAL_MS: '200',
    ENERGY_WORKER_INTERVAL_MS: '200',
    ENERGY_RETRY_INTERVAL_MS: '500',
    ENERGY_FEE_CAP_TRX: '15',
  };
  let staking: { id: string; address: string };
  let spare: { id: string; address: string };

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
    const hot = (label: string) => client.request<{ id: string; address: string }>('wallet.wallets.create.v1', { label, kind: 'hot', requestedBy: 'spec' });
    staking = await hot('staking and fees');
    spare = await hot('spare receiver');
    stakingEnv.ENERGY_STAKING_WALLET_ID = staking.id;
    await Promise.all([stack.start('staking'), stack.start('gateway')]);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    kit = new SweepKit(stack, pg);
    await stack.devnet.fund(staking.address, { trx: String(STAKING_WALLET_TRX) });
    await stack.devnet.fund(spare.address, { trx: '1' });
    await stack.devnet.mine();
    // The staking wallet stakes for energy (about 9.5 per TRX) and a little bandwidth for its own transactions.
    for (const [amount, resource] of [['300000', 'ENERGY'], ['5000', 'BANDWIDTH']]) {
      const r = await kit.api<{ id: string }>('POST', '/v1/staking/freeze', { walletId: staking.id, amount, resource });
      expect(r.status).toBe(201);
    }
    await kit.mineUntil(async () => (await kit.api<{ frozen: { energy: string } }>('GET', `/v1/staking/${staking.id}`)).body.frozen.energy === '300000', 'the stake');
  });
  afterAll(async () => {
    await client?.close();
    await pg?.end();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('a USDT deposit swept on delegated energy: 0 TRX burned for it, the delegation taken back, the treasury up by exactly the deposit', async () => {
    const inv = await kit.invoice('USDT', '10');
    const before = await kit.usdtOf(treasury);
    await kit.payUsdt(1, inv.address, 10_000_000n);
    const sweep = await kit.sweepReaches(inv.address, 'completed');
    expect(await kit.usdtOf(treasury)).toBe(before + 10_000_000n);
    expect(await kit.usdtOf(inv.address)).toBe(0n);
    expect(sweep).toMatchObject({ currency: 'USDT', amount: '10', depositsTotal: '10', fee: '0', legs: [{ destination: 'cold', to: treasury, amount: '10', status: 'confirmed' }] });
    // The transfer ran on delegated energy: all of it from stake, none bought. The treasury held no USDT yet: a new holder's 130,285.
    const r = await kit.receipt(sweep.legs[0].txId as string);
    expect(r.receipt?.result).toBe('SUCCESS');
    expect(r.receipt?.energy_fee ?? 0).toBe(0);
    expect(r.receipt?.energy_usage).toBe(130_285);
    expect(r.fee ?? 0).toBe(0);
    // The deposit address never held TRX: one activation top-up of 1 SUN, and no burn planned.
    const [lease] = await kit.leasesOf(inv.address);
    expect(lease).toMatchObject({ burn_sun: '0', top_ups: [{ kind: 'activation', amountSun: '1' }] });
    // The energy manager takes the delegation back once the sweep is done.
    await kit.mineUntil(async () => (await kit.delegated(staking.address, inv.address)) === 0n && (await kit.leasesOf(inv.address))[0].status === 'released', 'the delegation reclaimed');
    const ops = await kit.leaseOps(inv.address);
    // In that order, each in a later block: the account exists before it receives the delegation.
    expect(ops.map((o) => `${o.kind}:${o.status}`)).toEqual(['topup:confirmed', 'delegate:confirmed', 'undelegate:confirmed']);
    expect(new Set(ops.map((o) => o.block_number)).size).toBe(3);
    expect(ops[1].amount).toBe(ops[2].amount);
    // Paid and confirmed as any invoice; the sweep does not touch it.
    expect((await kit.api<{ status: string }>('GET', `/v1/invoices/${inv.id}`)).body.status).toBe('confirmed');
  });

  it('small deposits on one address add up and are swept together, once', async () => {
    const inv = await kit.invoice('USDT', '1.2');
    const before = await kit.usdtOf(treasury);
    await kit.payUsdt(2, inv.address, 400_000n);
    await kit.payUsdt(3, inv.address, 300_000n);
    // Below the 1 USDT threshold: recorded, not swept.
    await kit.mineUntil(async () => (await pg.query('select 1 from gateway.sweep_deposits where address = $1', [inv.address])).rowCount === 2, 'two deposits recorded');
    expect(await kit.sweepsOf(inv.address)).toEqual([]);
    await kit.payUsdt(4, inv.address, 500_000n);
    const sweep = await kit.sweepReaches(inv.address, 'completed');
    expect(sweep).toMatchObject({ amount: '1.2', depositsTotal: '1.2' });
    expect(sweep.deposits).toHaveLength(3);
    expect(sweep.legs).toHaveLength(1);
    expect(await kit.sweepsOf(inv.address)).toHaveLength(1);
    expect(await kit.usdtOf(treasury)).toBe(before + 1_200_000n);
    // The treasury holds USDT now: an existing holder's 64,285, still all from stake.
    const r = await kit.receipt(sweep.legs[0].txId as string);
    expect(r.receipt).toMatchObject({ energy_usage: 64_285 });
    expect(r.receipt?.energy_fee ?? 0).toBe(0);
  });

  it('TRX deposits are swept to the last SUN; a new treasury account costs its creation fees once', async () => {
    const first = await kit.invoice('TRX', '5');
    await kit.payTrx(5, first.address, 5_000_000);
    const one = await kit.sweepReaches(first.address, 'completed');
    // The treasury had no account: creating it costs 1 TRX plus 0.1 TRX of bandwidth, paid from the deposit.
    expect(one).toMatchObject({ currency: 'TRX', amount: '3.9', fee: '1.1' });
    expect(await kit.trxOf(treasury)).toBe(3_900_000n);
    expect(await kit.trxOf(first.address)).toBe(0n);

    const second = await kit.invoice('TRX', '2');
    await kit.payTrx(6, second.address, 2_000_000);
    const two = await kit.sweepReaches(second.address, 'completed');
    expect(two).toMatchObject({ amount: '2', fee: '0' });
    expect(await kit.trxOf(treasury)).toBe(5_900_000n);
    expect(await kit.trxOf(second.address)).toBe(0n);
  });

  it('an unknown token sent to a deposit address is neither credited nor swept, and is listed for the operator', async () => {
    const accounts = await stack.devnet.accounts();
    const fake = await stack.devnet.createToken({ name: 'Tether USD', symbol: 'USDT', decimals: 6, owner: accounts[7].address });
    await stack.devnet.mine();
    const inv = await kit.invoice('USDT', '5');
    const tx = await kit.payUsdt(7, inv.address, 5_000_000n, fake);
    const listed = await kit.mineUntil(async () => {
      const r = await kit.api<{ data: Array<Record<string, unknown>> }>('GET', `/v1/sweeps/unknown-tokens?address=${inv.address}`);
      // Listed at once; described once the contract has answered (a failed read is tried again).
      return r.status === 200 && r.body.data.length > 0 && r.body.data[0].symbol !== null && r.body.data;
    }, 'the unknown token listed with what it claims to be');
    expect(listed).toEqual([expect.objectContaining({ contract: fake, symbol: 'USDT', name: 'Tether USD', decimals: 6, to: inv.address, amount: '5000000', txId: tx, logIndex: 0 })]);
    // The same list is in the usdt service's stats.
    const stats = (await kit.api<{ usdt: { unknownTokens: { transfers: number; recent: Array<{ txId: string }> } } }>('GET', '/usdt-manager/stats')).body;
    expect(stats.usdt.unknownTokens.recent.map((t) => t.txId)).toContain(tx);
    // Not credited: the invoice saw nothing; not swept: no deposit recorded, no sweep, the tokens where they were.
    await stack.devnet.mine(3);
    expect(await kit.api<{ status: string; amountReceived: string; payments: unknown[] }>('GET', `/v1/invoices/${inv.id}`)).toMatchObject({ body: { status: 'pending', amountReceived: '0', payments: [] } });
    expect((await pg.query('select 1 from tron_client.deposits where to_address = $1', [inv.address])).rowCount).toBe(0);
    expect((await pg.query('select 1 from gateway.sweep_deposits where address = $1', [inv.address])).rowCount).toBe(0);
    expect(await kit.sweepsOf(inv.address)).toEqual([]);
    expect(await kit.tokenBalance(fake, inv.address)).toBe(5_000_000n);
  });

  it('staked energy short: the rest is burned within the fee cap, and said so', async () => {
    // Lend most of the staking wallet's energy elsewhere: about 3,000 TRX (28,000 energy) stays to delegate.
    const s = (await kit.api<{ resources: unknown; frozen: { energy: string } }>('GET', `/v1/staking/${staking.id}`)).body;
    expect(s.frozen.energy).toBe('300000');
    const away = await kit.api<{ id: string }>('POST', '/v1/staking/delegate', { walletId: staking.id, receiver: spare.address, amount: '297000', resource: 'ENERGY' });
    expect(away.status).toBe(201);
    await kit.mineUntil(async () => (await kit.delegated(staking.address, spare.address)) === 297_000_000_000n, 'the stake lent away');
    const fallbacks = await kit.metric('staking', 'tronpay_energy_burn_fallbacks_total');

    const inv = await kit.invoice('USDT', '7');
    const before = await kit.usdtOf(treasury);
    await kit.payUsdt(8, inv.address, 7_000_000n);
    const sweep = await kit.sweepReaches(inv.address, 'completed');
    expect(await kit.usdtOf(treasury)).toBe(before + 7_000_000n);
    const [lease] = await kit.leasesOf(inv.address);
    const burn = BigInt(lease.burn_sun);
    expect(burn).toBeGreaterThan(0n);
    expect(burn).toBeLessThanOrEqual(15_000_000n);
    expect(lease.top_ups).toEqual(expect.arrayContaining([{ kind: 'energy', amountSun: String(burn) }]));
    // On chain: part of the 64,285 energy from the delegation, the rest bought for exactly the planned burn.
    const r = await kit.receipt(sweep.legs[0].txId as string);
    expect(r.receipt?.energy_usage_total).toBe(64_285);
    expect(BigInt(r.receipt?.energy_fee ?? 0)).toBe(burn);
    expect(r.receipt?.energy_usage ?? 0).toBeGreaterThan(0);
    expect(sweep.fee).toBe(String(Number(burn) / 1e6));
    // Reported: the fallback metric and the energy manager's stats.
    expect(await kit.metric('staking', 'tronpay_energy_burn_fallbacks_total')).toBe(fallbacks + 1);
    const stats = (await kit.api<{ energyManager: { leases: { burnLeases: number; burnSun: string } } }>('GET', '/trx-staking/stats')).body;
    expect(stats.energyManager.leases.burnLeases).toBeGreaterThanOrEqual(1);
    await kit.mineUntil(async () => (await kit.delegated(staking.address, inv.address)) === 0n, 'the partial delegation reclaimed');
  });

  it('the fee cap too low: the sweep waits and says why, and nothing reaches the chain; raised, it goes', async () => {
    await stack.stop('staking');
    stakingEnv.ENERGY_FEE_CAP_TRX = '0.5';
    await stack.start('staking');
    const waits = await kit.metric('staking', 'tronpay_energy_waits_total', { reason: 'energy_short' });
    const inv = await kit.invoice('USDT', '3');
    await kit.payUsdt(9, inv.address, 3_000_000n);
    const waiting = await kit.sweepReaches(inv.address, 'waiting');
    expect(waiting.reason).toMatch(/energy: energy_short: .* over the cap of 500000 SUN/);
    const stats = (await kit.api<{ sweeps: { waiting: Array<{ id: string; reason: string }> } }>('GET', '/payment-gateway/stats')).body;
    expect(stats.sweeps.waiting.map((w) => w.id)).toContain(waiting.id);
    expect(await kit.metric('staking', 'tronpay_energy_waits_total', { reason: 'energy_short' })).toBeGreaterThan(waits);
    // Nothing was sent: no top-up, no delegation, no transfer; the address does not even exist on chain.
    await stack.devnet.mine(3);
    expect(await kit.activated(inv.address)).toBe(false);
    expect(await kit.leaseOps(inv.address)).toEqual([]);
    expect((await pg.query("select 1 from tron_client.broadcasts where owner_address = $1 or reference like 'usdt:sweep:' || $2 || '%'", [inv.address, waiting.id])).rowCount).toBe(0);
    expect(await kit.usdtOf(inv.address)).toBe(3_000_000n);
    expect((await kit.sweepsOf(inv.address))[0].status).toBe('waiting');

    // The stake lent away comes back: the waiting sweep goes through on delegated energy.
    const back = await kit.api<{ id: string }>('POST', '/v1/staking/undelegate', { walletId: staking.id, receiver: spare.address, amount: '297000', resource: 'ENERGY' });
    expect(back.status).toBe(201);
    const before = await kit.usdtOf(treasury);
    const done = await kit.sweepReaches(inv.address, 'completed');
    expect(done.fee).toBe('0');
    expect(await kit.usdtOf(treasury)).toBe(before + 3_000_000n);
  });
});
