// Payout benchmark (a script, not a test): payouts per second from the request to `broadcast` and
// to `confirmed`, on the devnet with fast blocks, with the devnet, tron-client, wallet and payout
// each in its own process on this machine; beside the raw signing rate of the same hot wallet key
// (secp256k1 in this process) and the wallet service's signing rate for it (wallet.sign.v1,
// policy and audit included), measured in the same run.
// Run: npm run bench:payout
//   env: DATABASE_URL (a server where the bench may create a database; default postgres://postgres@127.0.0.1:5432/postgres),
//        REDIS_URL (default redis://127.0.0.1:6379), BENCH_PAYOUTS (1000), BENCH_BATCH (100), BENCH_IN_FLIGHT (4),
//        BENCH_BLOCK_MS (200), BENCH_SOLID_LAG (2), BENCH_CONCURRENCY (32: the payout worker's)
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { buildTrxTransfer, formatTrx, generateAccount, sha256Hex, signDigest } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { startStack, WORKSPACE_ROOT } from '@tronpay/testing';

// A hand-run script, not a service: its few settings come straight from the environment.
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const SERVER_URL = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PAYOUTS = Number(env.BENCH_PAYOUTS ?? 1000);
const BATCH = Number(env.BENCH_BATCH ?? 100);
const IN_FLIGHT = Number(env.BENCH_IN_FLIGHT ?? 4);
const BLOCK_MS = Number(env.BENCH_BLOCK_MS ?? 200);
const SOLID_LAG = Number(env.BENCH_SOLID_LAG ?? 2);
const CONCURRENCY = env.BENCH_CONCURRENCY ?? '32';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/** `npm run wallet:import -- --private-key`: the hot wallet's key, sealed under the stack's KEK, read from stdin. */
async function importHotWallet(databaseUrl: string, kek: string, privateKey: string): Promise<string> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/wallet/src/import-vault.ts', '--label', 'bench hot', '--private-key'], {
    cwd: WORKSPACE_ROOT,
    env: { ...env, DATABASE_URL: databaseUrl, WALLET_KEK: kek, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  child.stdin.end(privateKey);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const id = /hot wallet ([0-9a-f-]{36})/.exec(out)?.[1];
  if (code !== 0 || !id) throw new Error(`wallet:import failed: ${out}`);
  return id;
}

async function main() {
  const name = `tronpay_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${name}`;
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  const kek = randomBytes(32).toString('hex');
  const key = generateAccount();
  const hotId = await importHotWallet(dbUrl.toString(), kek, key.privateKey);
  const stack = await startStack({
    databaseUrl: dbUrl.toString(),
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    services: ['tron-client', 'wallet', 'payout'],
    env: { DATABASE_POOL_SIZE: '20' },
    devnet: { blockMs: BLOCK_MS, solidLag: SOLID_LAG },
    serviceEnv: {
      wallet: { WALLET_KEK: kek },
      payout: {
        PAYOUT_HOT_WALLET_ID: hotId,
        PAYOUT_V0_MAX_TRX: '10',
        PAYOUT_V0_DAILY_TRX: '100',
        PAYOUT_VELOCITY_HOURLY_TRX: '100000000',
        PAYOUT_WORKER_CONCURRENCY: CONCURRENCY,
        PAYOUT_RELAY_INTERVAL_MS: '500',
        PAYOUT_RECONCILE_INTERVAL_MS: '5000',
      },
    },
  });
  const client = new RedisStreamsClient({ url: REDIS_URL, prefix, requestTimeoutMs: 60_000 });
  await client.connect();
  const pg = new Client({ connectionString: dbUrl.toString() });
  await pg.connect();
  try {
    await stack.devnet.fund(key.base58, { trx: String(PAYOUTS * 5 + 10_000) });
    await stack.devnet.mine(SOLID_LAG + 1);
    const other = await client.request<{ address: string }>('wallet.wallets.create.v1', { label: 'bench sweep target', kind: 'hot', requestedBy: 'bench' });

    // The floors. Raw: secp256k1 signatures of txids with the hot wallet's key, in this process.
    const digests = Array.from({ length: 2000 }, () => sha256Hex(randomBytes(32)));
    for (const d of digests.slice(0, 200)) signDigest(d, key.privateKey);
    let t = performance.now();
    for (const d of digests) signDigest(d, key.privateKey);
    const rawRate = digests.length / ((performance.now() - t) / 1000);
    // The wallet service signing for that key, policy and audit included (a sweep to another hot wallet, 16 in flight).
    const ref = { number: 1, id: '0000000000000001' + 'ab'.repeat(24), timestamp: Date.now() };
    const txs = Array.from({ length: 600 }, (_, i) => buildTrxTransfer({ from: key.base58, to: other.address, amount: BigInt(i + 1) }, { ref, timestamp: Date.now() + i, expirationMs: 300_000 }));
    const sign = (i: number) =>
      client.request('wallet.sign.v1', { signer: { walletId: hotId }, transaction: { txID: txs[i].txID, raw_data_hex: txs[i].raw_data_hex }, purpose: 'sweep', reference: 'bench', requestedBy: 'bench' });
    for (let i = 0; i < 100; i++) await sign(i);
    t = performance.now();
    let next = 100;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < txs.length) await sign(next++);
    }));
    const walletRate = (txs.length - 100) / ((performance.now() - t) / 1000);

    // One payout at a time: the latency of a payout alone, request to broadcast and to confirmed.
    const alone: Array<{ b: number; c: number }> = [];
    for (let i = 0; i < 10; i++) {
      const t0 = Date.now();
      const p = await client.request<{ id: string }>('payout.payouts.create.v1', { currency: 'TRX', amount: '1', to: generateAccount().base58, requestedBy: 'bench' });
      let b = 0;
      for (;;) {
        const { rows } = await pg.query<{ status: string }>('select status from payout.payouts where id = $1', [p.id]);
        if (!b && (rows[0].status === 'broadcast' || rows[0].status === 'confirmed')) b = Date.now() - t0;
        if (rows[0].status === 'confirmed') break;
        await sleep(10);
      }
      alone.push({ b, c: Date.now() - t0 });
    }
    const aloneB = alone.map((x) => x.b).sort((x, y) => x - y);
    const aloneC = alone.map((x) => x.c).sort((x, y) => x - y);

    // The payouts: BATCH per request, IN_FLIGHT requests at once, each to a fresh address.
    const items = Array.from({ length: PAYOUTS }, (_, i) => ({ currency: 'TRX', amount: formatTrx(1_000_000n + BigInt(i % 1000) * 1000n), to: generateAccount().base58 }));
    const started = Date.now();
    let cursor = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (cursor < items.length) {
        const slice = items.slice(cursor, (cursor += BATCH));
        await client.request('payout.payouts.batch.v1', { items: slice, requestedBy: 'bench' });
      }
    }));
    const requested = Date.now() - started;
    let broadcastAt = 0;
    let confirmedAt = 0;
    for (;;) {
      const { rows } = await pg.query<{ broadcast: number; confirmed: number; other: number }>(
        `select count(*) filter (where broadcast_at is not null or status = 'confirmed')::int as broadcast,
                count(*) filter (where status = 'confirmed')::int as confirmed,
                count(*) filter (where status in ('failed', 'rejected', 'cancelled'))::int as other from payout.payouts`,
      );
      const r = rows[0];
      if (!broadcastAt && r.broadcast >= PAYOUTS + alone.length) broadcastAt = Date.now() - started;
      if (r.confirmed >= PAYOUTS + alone.length) {
        confirmedAt = Date.now() - started;
        break;
      }
      if (r.other > 0) throw new Error(`${r.other} payouts did not go through`);
      if (Date.now() - started > 600_000) throw new Error(`only ${r.confirmed} of ${PAYOUTS} confirmed after 10 minutes`);
      await sleep(50);
    }
    const { rows: lat } = await pg.query<{ b: number; c: number }>(
      `select extract(epoch from (coalesce(broadcast_at, signed_at) - created_at)) * 1000 as b, extract(epoch from (finished_at - created_at)) * 1000 as c from payout.payouts where created_at >= $1`,
      [new Date(started)],
    );
    const b = lat.map((x) => Number(x.b)).sort((x, y) => x - y);
    const c = lat.map((x) => Number(x.c)).sort((x, y) => x - y);
    const { rows: tx } = await pg.query<{ n: number }>('select count(*)::int as n from payout.payout_transactions');
    const toBroadcast = PAYOUTS / (broadcastAt / 1000);
    const toConfirmed = PAYOUTS / (confirmedAt / 1000);

    console.log(`\npayout benchmark: ${PAYOUTS} TRX payouts to fresh addresses in batches of ${BATCH} (${IN_FLIGHT} in flight), worker concurrency ${CONCURRENCY};`);
    console.log(`devnet (${BLOCK_MS} ms blocks, solidified ${SOLID_LAG} blocks later), tron-client, wallet and payout each in its own process; 2 cores shared\n`);
    console.log(`  raw signing, same key, this process      ${rawRate.toFixed(0).padStart(7)} signatures/s`);
    console.log(`  wallet.sign.v1, same key, 16 in flight   ${walletRate.toFixed(0).padStart(7)} signatures/s (policy, audit row, transport)`);
    console.log(`  one payout alone (10, one after another)  broadcast p50 ${pct(aloneB, 50)} ms (max ${aloneB[aloneB.length - 1]}), confirmed p50 ${pct(aloneC, 50)} ms (max ${aloneC[aloneC.length - 1]})`);
    console.log(`  requests answered (all ${PAYOUTS} recorded)      ${(requested / 1000).toFixed(1).padStart(7)} s`);
    console.log(`  request -> broadcast                     ${toBroadcast.toFixed(1).padStart(7)} payouts/s  (last at ${(broadcastAt / 1000).toFixed(1)} s; per payout p50 ${pct(b, 50).toFixed(0)} ms, p99 ${pct(b, 99).toFixed(0)} ms)`);
    console.log(`  request -> confirmed                     ${toConfirmed.toFixed(1).padStart(7)} payouts/s  (last at ${(confirmedAt / 1000).toFixed(1)} s; per payout p50 ${pct(c, 50).toFixed(0)} ms, p99 ${pct(c, 99).toFixed(0)} ms)`);
    console.log(`  transactions built: ${tx[0].n} for ${PAYOUTS + alone.length} payouts`);
    console.log(`\n  ratio to broadcast: ${(toBroadcast / rawRate).toFixed(4)} of raw signing, ${(toBroadcast / walletRate).toFixed(3)} of wallet.sign.v1`);
    console.log(`  ratio to confirmed: ${(toConfirmed / rawRate).toFixed(4)} of raw signing, ${(toConfirmed / walletRate).toFixed(3)} of wallet.sign.v1`);
  } finally {
    await pg.end();
    await client.close();
    await stack.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    const { default: Redis } = await import('ioredis');
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
