#!/usr/bin/env node
// Backup and restore of the services' PostgreSQL schemas (docs/runbook-backup.md).
//
//   npm run backup  -- [--database URL] [--out DIR] [--schemas gateway,wallet,...]
//   npm run restore -- --from DIR [--database URL] [--schemas ...] [--clean] [--hd-gap N]
//                      [--replay-outbox-minutes M] [--no-fixups] [--keep-owners]
//   node scripts/backup.mjs verify --from DIR
//   node scripts/backup.mjs check [--database URL]   (exit 0: these tools can back this server up)
//   node scripts/backup.mjs fixups --as-of TIME [--database URL] [--hd-gap N] [--replay-outbox-minutes M]
//                      (the restore's after-steps alone, for a database restored another way, e.g.
//                      point-in-time recovery to TIME)
//
// A backup is one pg_dump custom-format archive per service schema, all taken from one exported
// snapshot (so the schemas agree with each other: an address the wallet issued is in
// tron-client's watched set), a manifest with row counts and SHA-256 of each file. Redis is not
// backed up: what the services keep there is rebuilt from PostgreSQL (see the runbook).
// --database defaults to DATABASE_URL. pg_dump/pg_restore: PG_BIN, else the newest found.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMAS = ['tron_client', 'wallet', 'usdt', 'staking', 'gateway', 'payout'];
const FORMAT = 1;

class UsageError extends Error {}

const PAYOUT_OPEN = ['pending_approval', 'queued', 'signed', 'broadcast'];
// Exactly payout migration 0002's statement (libs/models/src/db/payout/payout.migrations.ts).
const PAYOUT_RESTORES_TABLE = `create table if not exists "payout".restores (
  id bigserial primary key,
  backup_at timestamptz not null,
  restored_at timestamptz not null default now(),
  payouts_before timestamptz,
  search_until timestamptz,
  from_block bigint,
  searched_to bigint,
  searched_to_time timestamptz,
  finished_at timestamptz,
  summary text
)`;

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const opts = { command, schemas: null, clean: false, fixups: true, keepOwners: false, hdGap: 1000, replayOutboxMinutes: 60 };
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s);
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--database') opts.database = value();
    else if (flag === '--out') opts.out = value();
    else if (flag === '--from') opts.from = value();
    else if (flag === '--schemas') opts.schemas = value().split(',').map((s) => s.trim().replace(/-/g, '_')).filter(Boolean);
    else if (flag === '--clean') opts.clean = true;
    else if (flag === '--no-fixups') opts.fixups = false;
    else if (flag === '--keep-owners') opts.keepOwners = true;
    else if (flag === '--hd-gap') opts.hdGap = Number(value());
    else if (flag === '--replay-outbox-minutes') opts.replayOutboxMinutes = Number(value());
    else if (flag === '--as-of') opts.asOf = value();
    else throw new UsageError(`unknown option ${flag}`);
  }
  for (const s of opts.schemas ?? []) if (!SCHEMAS.includes(s)) throw new UsageError(`unknown schema ${s} (one of ${SCHEMAS.join(', ')})`);
  if (!Number.isInteger(opts.hdGap) || opts.hdGap < 0) throw new UsageError('--hd-gap: a whole number');
  if (!Number.isFinite(opts.replayOutboxMinutes) || opts.replayOutboxMinutes < 0) throw new UsageError('--replay-outbox-minutes: a number of minutes');
  return opts;
}

/** The URL without its password, and the password for PGPASSWORD (so it never shows in `ps`). */
function connection(url) {
  if (!url) throw new UsageError('no database: pass --database URL or set DATABASE_URL');
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), full: url, password, display: `${u.hostname}:${u.port || 5432}${u.pathname}` };
}

const major = (versionText) => Number(/(\d+)(?:\.\d+)?/.exec(versionText)?.[1]);

/** pg_dump / pg_restore: $PG_BIN/<tool>, else the newest of PATH and /usr/lib/postgresql/<n>/bin. */
function findTool(name) {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(path.join(process.env.PG_BIN, name));
  else {
    const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (which.status === 0) candidates.push(which.stdout.trim());
    const debian = '/usr/lib/postgresql';
    if (existsSync(debian)) for (const v of readdirSync(debian)) candidates.push(path.join(debian, v, 'bin', name));
  }
  const found = candidates
    .filter((c) => existsSync(c))
    .map((file) => ({ file, version: spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout.trim() }))
    .filter((t) => t.version)
    .sort((a, b) => major(b.version) - major(a.version));
  if (!found.length) throw new Error(`${name} not found: install the PostgreSQL client (apt-get install postgresql-client) or set PG_BIN`);
  return { ...found[0], major: major(found[0].version.replace(/^\D+/, '')) };
}

function exec(file, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited ${code}: ${err.trim()}`))));
  });
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, application_name: 'tronpay-backup' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function tableCounts(client, schemas) {
  const { rows } = await client.query(
    `select table_schema as s, table_name as t from information_schema.tables
      where table_schema = any($1) and table_type = 'BASE TABLE' order by 1, 2`,
    [schemas],
  );
  const counts = {};
  for (const { s, t } of rows) {
    const r = await client.query(`select count(*)::bigint as n from ${pg.escapeIdentifier(s)}.${pg.escapeIdentifier(t)}`);
    (counts[s] ??= {})[t] = Number(r.rows[0].n);
  }
  return counts;
}

async function backup(opts) {
  const db = connection(opts.database ?? process.env.DATABASE_URL);
  const dump = findTool('pg_dump');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(opts.out ?? path.join(root, '.data', 'backups', stamp));
  if (existsSync(out) && readdirSync(out).length) throw new UsageError(`${out} is not empty`);

  // One snapshot for every schema: held open by this transaction while each pg_dump imports it.
  const snapshotClient = new pg.Client({ connectionString: db.full, application_name: 'tronpay-backup' });
  await snapshotClient.connect();
  try {
    const server = (await snapshotClient.query('show server_version')).rows[0].server_version;
    if (major(server) > dump.major) {
      throw new Error(
        `${dump.version} cannot dump a PostgreSQL ${major(server)} server: pg_dump must be at least the server's major version ` +
          `(install postgresql-client-${major(server)}, e.g. from the PostgreSQL apt repository, and set PG_BIN to its bin folder)`,
      );
    }
    mkdirSync(out, { recursive: true, mode: 0o700 });
    chmodSync(out, 0o700);
    await snapshotClient.query('begin isolation level repeatable read read only');
    const { snapshot, at } = (await snapshotClient.query('select pg_export_snapshot() as snapshot, now() as at')).rows[0];
    const present = (await snapshotClient.query('select nspname from pg_namespace where nspname = any($1)', [opts.schemas ?? SCHEMAS])).rows.map((r) => r.nspname);
    const schemas = (opts.schemas ?? SCHEMAS).filter((s) => present.includes(s));
    if (opts.schemas && schemas.length !== opts.schemas.length) throw new Error(`not in ${db.display}: ${opts.schemas.filter((s) => !schemas.includes(s)).join(', ')}`);
    if (!schemas.length) throw new Error(`no service schema in ${db.display}`);
    const counts = await tableCounts(snapshotClient, schemas);

    const manifest = {
      format: FORMAT,
      createdAt: new Date(at).toISOString(),
      database: db.display,
      server,
      pgDump: dump.version,
      redis: 'not backed up: rebuilt from PostgreSQL (docs/runbook-backup.md)',
      schemas: {},
    };
    for (const schema of schemas) {
      const file = path.join(out, `${schema}.dump`);
      await exec(dump.file, ['--format=custom', `--snapshot=${snapshot}`, `--schema=${schema}`, `--file=${file}`, `--dbname=${db.url}`], { PGPASSWORD: db.password, PGAPPNAME: 'tronpay-backup' });
      chmodSync(file, 0o600);
      manifest.schemas[schema] = { file: path.basename(file), bytes: statSync(file).size, sha256: sha256(file), tables: counts[schema] ?? {} };
    }
    await snapshotClient.query('commit');
    writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const rows = Object.values(manifest.schemas).reduce((n, s) => n + Object.values(s.tables).reduce((a, b) => a + b, 0), 0);
    console.log(`backup of ${db.display} at ${manifest.createdAt}: ${schemas.join(', ')} (${rows} rows) in ${out}`);
    return { out, manifest };
  } finally {
    await snapshotClient.end().catch(() => undefined);
  }
}

function readManifest(from) {
  const dir = path.resolve(from ?? '');
  const file = path.join(dir, 'manifest.json');
  if (!from || !existsSync(file)) throw new UsageError(`no manifest.json in ${dir}: pass --from <backup folder>`);
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  if (manifest.format !== FORMAT) throw new Error(`backup format ${manifest.format}, this script reads ${FORMAT}`);
  for (const [schema, s] of Object.entries(manifest.schemas)) {
    const dump = path.join(dir, s.file);
    if (!existsSync(dump)) throw new Error(`${schema}: ${s.file} is missing`);
    if (sha256(dump) !== s.sha256) throw new Error(`${schema}: ${s.file} does not match its SHA-256 in the manifest (damaged or altered)`);
  }
  return { dir, manifest };
}

async function verify(opts) {
  const { dir, manifest } = readManifest(opts.from);
  const restore = findTool('pg_restore');
  for (const [schema, s] of Object.entries(manifest.schemas)) {
    const r = spawnSync(restore.file, ['--list', path.join(dir, s.file)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${schema}: pg_restore --list failed: ${r.stderr.trim()}`);
  }
  console.log(`backup in ${dir} (${manifest.createdAt}, ${Object.keys(manifest.schemas).join(', ')}): files intact and readable`);
  return manifest;
}

/** Whether the pg_dump found can dump this server (its major version at least the server's). */
async function check(opts) {
  const db = connection(opts.database ?? process.env.DATABASE_URL);
  const dump = findTool('pg_dump');
  const restoreTool = findTool('pg_restore');
  const server = await withClient(db.full, async (c) => (await c.query('show server_version')).rows[0].server_version);
  console.log(`server ${db.display}: PostgreSQL ${server}\n${dump.version} (${dump.file})\n${restoreTool.version} (${restoreTool.file})`);
  if (major(server) > dump.major) {
    console.log(`pg_dump ${dump.major} cannot dump PostgreSQL ${major(server)}: install postgresql-client-${major(server)} and set PG_BIN`);
    process.exitCode = 3;
  }
}

/**
 * What a restored database needs before the services start on it. Each step only where its table
 * exists; all in one transaction.
 */
async function fixups(client, schemas, manifest, opts) {
  const done = [];
  const has = async (schema, table) =>
    schemas.includes(schema) && (await client.query('select to_regclass($1) is not null as ok', [`${schema}.${table}`])).rows[0].ok;
  await client.query('begin');
  try {
    if (await has('tron_client', 'scan_cursor')) {
      // The scanner fences its writes with a counter kept in Redis. A Redis that is new (or was
      // lost with the database) counts from 1 again, below the restored fence: every leader would
      // be fenced out. With the old Redis its counter is above 0 anyway.
      const r = await client.query('update tron_client.scan_cursor set fence = 0 where fence <> 0');
      done.push(`scanner fence reset (${r.rowCount} cursor)`);
    }
    if (await has('tron_client', 'watched_addresses')) {
      // Transaction ids of another cluster may lie ahead of this one's: such rows would be read
      // again by every refresh until this cluster's ids pass them. 0 = loaded at boot, as migrated rows.
      const r = await client.query(`update tron_client.watched_addresses set added_xid = '0' where added_xid >= pg_snapshot_xmin(pg_current_snapshot())`);
      done.push(`watched addresses re-stamped (${r.rowCount})`);
    }
    if (opts.replayOutboxMinutes > 0 && (await has('tron_client', 'outbox'))) {
      // Events published shortly before the backup may not have reached their consumers (they were
      // in Redis): publish them again; consumers de-duplicate by eventId.
      const r = await client.query(
        `update tron_client.outbox set published_at = null where published_at >= $1::timestamptz - make_interval(mins => $2)`,
        [manifest.createdAt, opts.replayOutboxMinutes],
      );
      done.push(`${r.rowCount} outbox events published in the ${opts.replayOutboxMinutes} min before the backup queued again`);
    }
    if (await has('payout', 'payouts')) {
      // A payout open in the backup may have been signed and sent by the lost system after it:
      // the restored database does not know that transaction, and would build and send another.
      // Recorded here, the restore holds those payouts in the payout service until it has searched
      // the chain since the backup for what its hot wallets paid (apps/payout/src/restore/). The
      // table is payout migration 0002's, made here the same way for a backup older than it.
      await client.query(PAYOUT_RESTORES_TABLE);
      const { n, newest } = (
        await client.query(`select count(*) filter (where status = any($1))::int as n, max(created_at) as newest from payout.payouts`, [PAYOUT_OPEN])
      ).rows[0];
      if (n > 0) {
        const { id } = (await client.query('insert into payout.restores (backup_at, payouts_before) values ($1, $2) returning id', [manifest.createdAt, newest])).rows[0];
        done.push(`${n} payouts open in the backup held until the payout service has searched the chain since it for their transactions (payout.restores ${id})`);
      } else done.push('no payout open in the backup: none to reconcile with the chain');
    }
    if (opts.hdGap > 0 && (await has('wallet', 'hd_accounts'))) {
      // Addresses handed out after the backup are not in it: never hand them out again.
      const r = await client.query('update wallet.hd_accounts set next_index = next_index + $1', [opts.hdGap]);
      done.push(`HD accounts moved ${opts.hdGap} indexes on (${r.rowCount} accounts)`);
    }
    await client.query('commit');
  } catch (e) {
    await client.query('rollback');
    throw e;
  }
  return done;
}

async function openWork(client, schemas) {
  const lines = [];
  const count = async (schema, sql, what) => {
    if (!schemas.includes(schema)) return;
    try {
      const n = Number((await client.query(sql)).rows[0].n);
      if (n) lines.push(`${n} ${what}`);
    } catch {
      // that table is not there in this version
    }
  };
  await count('gateway', `select count(*) n from gateway.invoices where status in ('pending', 'partially_paid', 'paid')`, 'invoices still open');
  await count('gateway', `select count(*) n from gateway.webhook_deliveries where status not in ('delivered', 'failed')`, 'webhook deliveries still to make');
  await count('tron_client', `select count(*) n from tron_client.broadcasts where status in ('pending', 'broadcast')`, 'broadcast transactions still followed');
  await count('payout', `select count(*) n from payout.payouts where status in ('pending_approval', 'queued', 'signed', 'broadcast')`, 'payouts still open: the payout service settles those paid since the backup from the chain, then sends the rest (runbook)');
  return lines;
}

async function restore(opts) {
  const { dir, manifest } = readManifest(opts.from);
  const db = connection(opts.database ?? process.env.DATABASE_URL);
  const tool = findTool('pg_restore');
  const dumpedWith = major(manifest.pgDump.replace(/^\D+/, ''));
  if (tool.major < dumpedWith) throw new Error(`${tool.version} cannot read an archive of pg_dump ${dumpedWith}: use pg_restore ${dumpedWith} or newer (PG_BIN)`);
  const schemas = opts.schemas ?? Object.keys(manifest.schemas);
  for (const s of schemas) if (!manifest.schemas[s]) throw new UsageError(`${s} is not in this backup (${Object.keys(manifest.schemas).join(', ')})`);

  return withClient(db.full, async (client) => {
    const server = (await client.query('show server_version')).rows[0].server_version;
    if (major(server) < major(manifest.server)) console.warn(`warning: restoring a PostgreSQL ${major(manifest.server)} backup into PostgreSQL ${major(server)}`);
    const existing = (await client.query('select nspname from pg_namespace where nspname = any($1)', [schemas])).rows.map((r) => r.nspname);
    if (existing.length && !opts.clean) {
      throw new UsageError(`${db.display} already has ${existing.join(', ')}: restore into a fresh database, or pass --clean to drop them first`);
    }
    for (const schema of schemas) {
      if (existing.includes(schema)) await client.query(`drop schema ${pg.escapeIdentifier(schema)} cascade`);
      const args = ['--exit-on-error', '--single-transaction', `--dbname=${db.url}`];
      if (!opts.keepOwners) args.push('--no-owner', '--no-privileges');
      await exec(tool.file, [...args, path.join(dir, manifest.schemas[schema].file)], { PGPASSWORD: db.password, PGAPPNAME: 'tronpay-restore' });
    }
    const counts = await tableCounts(client, schemas);
    const mismatched = schemas.flatMap((s) =>
      Object.entries(manifest.schemas[s].tables)
        .filter(([t, n]) => counts[s]?.[t] !== n)
        .map(([t, n]) => `${s}.${t}: ${counts[s]?.[t] ?? 'missing'} rows, the backup had ${n}`),
    );
    if (mismatched.length) throw new Error(`restored rows differ from the backup's:\n${mismatched.join('\n')}`);
    const done = opts.fixups ? await fixups(client, schemas, manifest, opts) : [];
    await client.query('analyze');
    const open = await openWork(client, schemas);
    console.log(`restored ${schemas.join(', ')} of ${manifest.createdAt} into ${db.display}`);
    for (const line of [...done, ...open]) console.log(`  ${line}`);
    return { schemas, fixups: done, open };
  });
}

/** The after-restore steps on a database restored by other means (point-in-time recovery, a snapshot). */
async function fixupsOnly(opts) {
  if (!opts.asOf || Number.isNaN(Date.parse(opts.asOf))) throw new UsageError('--as-of: the time the restored database is as of (ISO 8601)');
  const db = connection(opts.database ?? process.env.DATABASE_URL);
  return withClient(db.full, async (client) => {
    const schemas = (await client.query('select nspname from pg_namespace where nspname = any($1)', [opts.schemas ?? SCHEMAS])).rows.map((r) => r.nspname);
    const done = await fixups(client, schemas, { createdAt: new Date(opts.asOf).toISOString() }, opts);
    const open = await openWork(client, schemas);
    console.log(`after-restore steps on ${db.display} (as of ${new Date(opts.asOf).toISOString()})`);
    for (const line of [...done, ...open]) console.log(`  ${line}`);
    return { fixups: done, open };
  });
}

export { backup, check, fixupsOnly as fixups, restore, verify };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`backup: ${e.message}`);
    process.exit(2);
  }
  const commands = { backup, check, fixups: fixupsOnly, restore, verify };
  if (!commands[opts.command]) {
    console.error('usage: node scripts/backup.mjs backup|restore|verify|check|fixups [options]   (docs/runbook-backup.md)');
    process.exit(2);
  }
  commands[opts.command](opts).catch((e) => {
    console.error(`${opts.command}: ${e.message}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
