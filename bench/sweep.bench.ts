// Sweep benchmark (a script, not a test): N USDT deposits on the devnet swept to the treasury,
// once with the energy manager (energy delegated from a staking wallet) and once burning TRX only
// (no staking wallet: the floor every gateway without staking pays). Prints TRX burned per sweep
// (every transaction a sweep made: top-ups, delegations, reclaims, the transfer), the part of it
// burned for energy, and sweeps per second, with the ratios. Every service runs in its own process.
// Run: node -r @swc-node/register bench/sweep.bench.ts
//   env: DATABASE_URL (a server where the bench may create a database; default postgres://postgres@127.0.0.1:5432/postgres),
//        REDIS_URL (default redis://127.0.0.1:6379), BENCH_SWEEPS (10), BENCH_BLOCK_MS (1000)
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTronWeb, generateAccount } from '@tronpay/tron';
import { startStack, Stack } from '@tronpay/testing';

// A hand-run script, not a service: its few settings come straight from the environment.
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const SERVER_URL = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = Number(env.BENCH_SWEEPS ?? 10);
const BLOCK_MS = Number(env.BENCH_BLOCK_MS ?? 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunFigures {
  label: string;
  sweeps: number;
  seconds: number;
  burnedSun: bigint;
  energySun: bigint;
  activationSun: bigint;
}

async function main(): Promise<void> {
  const dbName = `tronpay_bench_sweep_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const dbUrl = SERVER_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const treasury = generateAccount().base58;
  const stakingEnv: Record<string, string> = { STAKING_FOLLOW_INTERVAL_MS: '250', ENERGY_WORKER_INTERVAL_MS: '250', ENERGY_FEE_CAP_TRX: '30', LOG_LEVEL: 'error' };
  let stack: Stack | undefined;
  const pg = new Client({ connectionString: dbUrl });
  try {
    stack = await startStack({
      databaseUrl: dbUrl,
      redisUrl: REDIS_URL,
      redisPrefix: `bench-sweep-${randomBytes(4).toString('hex')}:`,
      services: ['tron-client', 'wallet', 'usdt'],
      devnet: { blockMs: BLOCK_MS, solidLag: 3 },
      env: { LOG_LEVEL: 'error' },
      serviceEnv: {
        wallet: { WALLET_TREASURY_ADDRESS: treasury, WALLET_MAX_EXPIRATION_SECONDS: '3600' },
        usdt: { USDT_FOLLOW_INTERVAL_MS: '250' },
        staking: stakingEnv,
        gateway: { WALLET_TREASURY_ADDRESS: treasury, SWEEP_POLL_MS: '500', SWEEP_INTERVAL_MS: '500', SWEEP_RETRY_MS: '2000', SWEEP_CONCURRENCY: '32' },
      },
    });
    const s = stack;
    await pg.connect();
    const accounts = await s.devnet.accounts();
    const gateway = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${s.url('gateway')}${path}`, { method, headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json()) as T;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    // Wallets are created over the gateway once it runs; the staking service starts after (it needs the id).
    await s.start('gateway');
    const stakingWallet = await gateway<{ id: string; address: string }>('POST', '/v1/wallets', { label: 'staking', kind: 'hot' });
    const feeWallet = await gateway<{ id: string; address: string }>('POST', '/v1/wallets', { label: 'fees', kind: 'hot' });
    stakingEnv.ENERGY_STAKING_WALLET_ID = stakingWallet.id;
    stakingEnv.ENERGY_FEE_WALLET_ID = stakingWallet.id;
    await s.start('staking');
    await s.devnet.fund(stakingWallet.address, { trx: '900000' });
    await s.devnet.fund(feeWallet.address, { trx: '100000' });
    // The treasury already holds USDT, so every sweep is a transfer to an existing holder (64,285 energy).
    await s.devnet.fund(treasury, { usdt: '1' });
    await sleep(3 * BLOCK_MS);
    // Enough energy for every sweep at once (about 6,800 TRX each), and bandwidth for the staking wallet's own transactions.
    await gateway('POST', '/v1/staking/freeze', { walletId: stakingWallet.id, amount: String(Math.max(100_000, N * 8_000)), resource: 'ENERGY' });
    await gateway('POST', '/v1/staking/freeze', { walletId: stakingWallet.id, amount: '20000', resource: 'BANDWIDTH' });
    await sleep(6 * BLOCK_MS);

    const run = async (label: string): Promise<RunFigures> => {
      const invoices: Array<{ id: string; address: string }> = [];
      for (let i = 0; i < N; i++) invoices.push(await gateway('POST', '/v1/invoices', { currency: 'USDT', amount: '10', expiresInSeconds: 3600 }));
      const token = await createTronWeb(s.devnet.url, accounts[1].privateKey).contract().at(s.usdt);
      for (const inv of invoices) await token.methods.transfer(inv.address, 10_000_000).send({ feeLimit: 100_000_000 });
      const addresses = invoices.map((i) => i.address);
      // From the moment the last deposit is recorded for sweeping (confirmed), to the last sweep completed.
      for (;;) {
        const r = await pg.query('select count(*)::int as n from gateway.sweep_deposits where address = any($1)', [addresses]);
        if (r.rows[0].n === N) break;
        await sleep(100);
      }
      const started = Date.now();
      for (;;) {
        const r = await pg.query("select count(*)::int as n from gateway.sweeps where address = any($1) and status = 'completed'", [addresses]);
        if (r.rows[0].n === N) break;
        const stuck = await pg.query("select reason from gateway.sweeps where address = any($1) and status in ('failed', 'waiting')", [addresses]);
        if (stuck.rows.some((x: { reason: string | null }) => x.reason?.startsWith('failed'))) throw new Error(`a sweep failed: ${JSON.stringify(stuck.rows)}`);
        await sleep(200);
      }
      const seconds = (Date.now() - started) / 1000;
      // Every transaction a sweep made: its transfer(s), its lease's top-ups, delegations and reclaims.
      const legs = await pg.query('select l.tx_id from gateway.sweep_legs l join gateway.sweeps s on s.id = l.sweep_id where s.address = any($1)', [addresses]);
      for (;;) {
        const open = await pg.query("select count(*)::int as n from staking.operations o join staking.energy_leases e on e.id = o.lease_id where e.address = any($1) and o.status in ('pending', 'broadcast')", [addresses]);
        const unreleased = await pg.query("select count(*)::int as n from staking.energy_leases where address = any($1) and status <> 'released'", [addresses]);
        if (open.rows[0].n === 0 && unreleased.rows[0].n === 0) break;
        await sleep(300);
      }
      const ops = await pg.query<{ tx_id: string; kind: string }>('select o.tx_id, o.kind from staking.operations o join staking.energy_leases e on e.id = o.lease_id where e.address = any($1) and o.status = $2', [addresses, 'confirmed']);
      let burned = 0n;
      let energy = 0n;
      let activation = 0n;
      for (const txId of [...legs.rows.map((r: { tx_id: string }) => r.tx_id), ...ops.rows.map((r) => r.tx_id)]) {
        const info = (await (await fetch(`${s.devnet.url}/wallet/gettransactioninfobyid`, { method: 'POST', body: JSON.stringify({ value: txId }) })).json()) as { fee?: number; receipt?: { energy_fee?: number } };
        burned += BigInt(info.fee ?? 0);
        energy += BigInt(info.receipt?.energy_fee ?? 0);
      }
      for (const op of ops.rows.filter((o) => o.kind === 'topup')) {
        const info = (await (await fetch(`${s.devnet.url}/wallet/gettransactioninfobyid`, { method: 'POST', body: JSON.stringify({ value: op.tx_id }) })).json()) as { fee?: number };
        activation += BigInt(info.fee ?? 0);
      }
      return { label, sweeps: N, seconds, burnedSun: burned, energySun: energy, activationSun: activation };
    };

    const managed = await run('with the energy manager');
    // The floor: no staking wallet, every sweep burns TRX for its energy (sent to the address by the fee wallet).
    await s.stop('staking');
    delete stakingEnv.ENERGY_STAKING_WALLET_ID;
    stakingEnv.ENERGY_FEE_WALLET_ID = feeWallet.id;
    await s.start('staking');
    const floor = await run('burning only (no staking wallet)');

    const trx = (sun: bigint, n = 1) => (Number(sun) / 1e6 / n).toFixed(3);
    console.log(`\nsweep benchmark: ${N} USDT deposits of 10 USDT, devnet blocks every ${BLOCK_MS} ms, solidified 3 blocks later; load average ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
    console.log('| run | TRX burned per sweep | of which for energy | of which by activation top-ups | sweeps/s | seconds |');
    console.log('|---|---|---|---|---|---|');
    for (const f of [managed, floor]) {
      console.log(`| ${f.label} | ${trx(f.burnedSun, f.sweeps)} | ${trx(f.energySun, f.sweeps)} | ${trx(f.activationSun, f.sweeps)} | ${(f.sweeps / f.seconds).toFixed(2)} | ${f.seconds.toFixed(1)} |`);
    }
    const ratio = Number(managed.burnedSun) / Number(floor.burnedSun);
    console.log(`\nTRX burned with the energy manager: ${ratio.toFixed(3)} of the floor (${(Number(floor.burnedSun - managed.burnedSun) / 1e6 / N).toFixed(3)} TRX saved per sweep); sweeps/s ${(managed.sweeps / managed.seconds / (floor.sweeps / floor.seconds)).toFixed(2)} of the floor's`);
  } finally {
    await pg.end().catch(() => undefined);
    await stack?.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
