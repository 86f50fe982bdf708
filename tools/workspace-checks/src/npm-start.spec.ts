import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processEnv } from '@tronpay/config';
import { createTestRedis, freePort, TestRedis } from '@tronpay/testing';

const root = path.resolve(__dirname, '../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The README's first command, as a newcomer runs it: the whole stack on the devnet with embedded
// defaults (embedded PostgreSQL, generated keys), sweeps and the energy manager on, every service
// ready, and Ctrl-C stopping all of it. Own ports, data folder and Redis prefix, so that it runs
// beside the other specs.
describe('npm start', () => {
  jest.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tronpay-npm-start-'));
  // As root, the embedded PostgreSQL runs as the `postgres` user, which must reach its folder.
  chmodSync(dataDir, 0o755);
  let redis: TestRedis;
  let child: ChildProcess;
  let output = '';
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    redis = await createTestRedis();
    for (const name of ['GATEWAY', 'TRON_CLIENT', 'WALLET', 'USDT', 'STAKING', 'PAYOUT', 'DEVNET']) ports[name] = await freePort();
    const env: Record<string, string> = { ...(processEnv() as Record<string, string>), TRONPAY_DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix };
    for (const [name, port] of Object.entries(ports)) env[`${name}_PORT`] = String(port);
    for (const k of ['DATABASE_URL', 'ADMIN_API_KEY', 'WALLET_TREASURY_ADDRESS', 'ENERGY_STAKING_WALLET_ID']) delete env[k];
    child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    const until = Date.now() + 180_000;
    while (!/Ctrl-C stops everything/.test(output)) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`npm start did not come up:\n${output}`);
      await sleep(250);
    }
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await sleep(500);
    }
    await redis?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings up the devnet and the six services with sweeps and a staking wallet, and Ctrl-C stops them all', async () => {
    expect(output).toMatch(/All 7 processes ready in [\d.]+ s\./);
    expect(output).toMatch(/PostgreSQL: embedded/);
    expect(output).toMatch(/Treasury: T[1-9A-HJ-NP-Za-km-z]{33} \(confirmed deposits are swept there\)/);
    expect(output).toMatch(/Staking wallet: [0-9a-f-]{36} \(T[1-9A-HJ-NP-Za-km-z]{33}\) freezes 100,000 TRX for energy/);
    const adminKey = /Admin API key[^:]*: (tp_admin_[0-9a-f]+)/.exec(output)?.[1];
    expect(adminKey).toBeDefined();
    // The generated admin key is printed once for the operator, and is nowhere else in what npm start said.
    expect(output.split(adminKey as string)).toHaveLength(2);
    for (const name of ['GATEWAY', 'TRON_CLIENT', 'WALLET', 'USDT', 'STAKING', 'PAYOUT']) {
      expect([name, (await fetch(`http://127.0.0.1:${ports[name]}/health/ready`)).status]).toEqual([name, 200]);
    }
    const staking = (await (await fetch(`http://127.0.0.1:${ports.GATEWAY}/trx-staking/stats`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as {
      staking: { operations: { byKind: Record<string, Record<string, number>> } };
    };
    expect(Object.keys(staking.staking.operations.byKind.freeze ?? {})).toHaveLength(1);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/Stopping\.\.\.\nStopped\.\n/);
    for (const name of ['GATEWAY', 'PAYOUT', 'DEVNET']) {
      await expect(fetch(`http://127.0.0.1:${ports[name]}/health/live`)).rejects.toThrow();
    }
  });
});
