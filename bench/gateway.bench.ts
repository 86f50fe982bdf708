// Gateway benchmark (a script, not a test): POST /v1/invoices and GET /v1/invoices/:id under
// autocannon load, with the devnet, tron-client, wallet and gateway each in its own process on
// this machine, beside the same tool against a bare NestJS hello endpoint in the same run.
// Each target is driven at a fixed arrival rate (latency at that load) and then flat out.
// Run: node -r @swc-node/register bench/gateway.bench.ts
//   env: DATABASE_URL (a server where the bench may create a database; default postgres://postgres@127.0.0.1:5432/postgres),
//        REDIS_URL (default redis://127.0.0.1:6379), BENCH_SECONDS (10), BENCH_POST_RATE (100), BENCH_GET_RATE (500)
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort, startStack, WORKSPACE_ROOT } from '@tronpay/testing';

// A hand-run script, not a service: its few settings come straight from the environment.
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const SERVER_URL = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const POST_RATE = Number(env.BENCH_POST_RATE ?? 100);
const GET_RATE = Number(env.BENCH_GET_RATE ?? 500);

interface Figures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
}

async function load(label: string, options: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ duration: SECONDS, ...options });
  const ok = r['2xx'];
  const bad = r.non2xx + r.errors + r.timeouts;
  return { label, rps: ok / SECONDS, p50: r.latency.p50, p99: r.latency.p99, ok, bad };
}

function print(rows: Figures[], floor?: Figures): void {
  for (const f of rows) {
    const ratio = floor ? `  ${(f.rps / floor.rps).toFixed(2)} of the floor's rate, p99 x${(f.p99 / Math.max(floor.p99, 0.001)).toFixed(1)}` : '';
    console.log(
      `  ${f.label.padEnd(44)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(5)} ms  (${f.ok} ok, ${f.bad} failed)${ratio}`,
    );
  }
}

async function main() {
  const name = `tronpay_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${name}`;
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  const stack = await startStack({
    databaseUrl: dbUrl.toString(),
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    services: ['tron-client', 'wallet', 'gateway'],
    env: { GATEWAY_RATE_LIMIT: '1000000', DATABASE_POOL_SIZE: '20' },
    devnet: { blockMs: 3000 },
  });
  const helloPort = await freePort();
  const hello = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/fixtures/hello-nest.ts', String(helloPort)], { cwd: WORKSPACE_ROOT, stdio: 'ignore' });
  try {
    const gateway = stack.url('gateway');
    const helloUrl = `http://127.0.0.1:${helloPort}/hello`;
    for (let i = 0; i < 100 && !(await fetch(helloUrl).then((r) => r.ok).catch(() => false)); i++) await new Promise((r) => setTimeout(r, 100));
    const headers = { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ currency: 'USDT', amount: '10.5', orderId: 'bench' });
    // Warm-up: JIT, pools, and ids to read.
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${gateway}/v1/invoices`, { method: 'POST', headers, body });
      ids.push(((await res.json()) as { id: string }).id);
    }
    await load('warm-up', { url: helloUrl, connections: 10, duration: 2 });
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    const getInvoice = { url: gateway, headers, requests: [{ method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/v1/invoices/${pick()}` }) }] };
    const postInvoice = { url: `${gateway}/v1/invoices`, method: 'POST' as const, headers, body };

    console.log(`\ngateway benchmark: ${SECONDS} s per run; devnet, tron-client, wallet, gateway and the floor each in its own process; 2 cores shared with autocannon`);
    console.log(`\nfixed arrival rate (${POST_RATE}/s POST, ${GET_RATE}/s GET):`);
    const floorPostRate = await load(`floor GET /hello @ ${POST_RATE}/s`, { url: helloUrl, connections: 10, overallRate: POST_RATE });
    const floorGetRate = await load(`floor GET /hello @ ${GET_RATE}/s`, { url: helloUrl, connections: 20, overallRate: GET_RATE });
    print([floorPostRate, floorGetRate]);
    print([await load(`POST /v1/invoices @ ${POST_RATE}/s`, { ...postInvoice, connections: 10, overallRate: POST_RATE })], floorPostRate);
    print([await load(`GET /v1/invoices/:id @ ${GET_RATE}/s`, { ...getInvoice, connections: 20, overallRate: GET_RATE })], floorGetRate);

    console.log('\nflat out (throughput):');
    const floorMax = await load('floor GET /hello, 50 connections', { url: helloUrl, connections: 50 });
    print([floorMax]);
    print([await load('POST /v1/invoices, 20 connections', { ...postInvoice, connections: 20 })], floorMax);
    print([await load('GET /v1/invoices/:id, 50 connections', { ...getInvoice, connections: 50 })], floorMax);

    const count = await fetch(`${gateway}/stats`, { headers }).then((r) => r.json() as Promise<{ invoices?: { byStatus?: Record<string, number> } }>);
    console.log(`\ninvoices stored: ${JSON.stringify(count.invoices?.byStatus ?? {})}`);
  } finally {
    hello.kill('SIGTERM');
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
