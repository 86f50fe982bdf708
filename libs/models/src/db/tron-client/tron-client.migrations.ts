import { Kysely, Migration, sql } from 'kysely';
import type { MigrationSet } from '../migration';

function scannerMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      await s
        .createTable('watched_addresses')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('deposit', 'wallet')`))
        .addColumn('label', 'text')
        .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // The leader re-reads recent additions before each block: an index, not a scan of millions.
      await s.createIndex('watched_addresses_added_at_idx').on('watched_addresses').column('added_at').execute();

      await s
        .createTable('tokens')
        .addColumn('contract', 'text', (c) => c.primaryKey())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('decimals', 'integer', (c) => c.notNull().check(sql`decimals between 0 and 77`))
        .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();

      await s
        .createTable('deposits')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('tx_id', 'text', (c) => c.notNull())
        .addColumn('log_index', 'integer', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('amount', sql`numeric(78,0)`, (c) => c.notNull().check(sql`amount > 0`))
        .addColumn('block_number', 'bigint', (c) => c.notNull())
        .addColumn('block_hash', 'text', (c) => c.notNull())
        .addColumn('block_time', 'timestamptz', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('detected', 'confirmed', 'reverted')`))
        .addColumn('detected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('confirmed_at', 'timestamptz')
        .addColumn('reverted_at', 'timestamptz')
        .addUniqueConstraint('deposits_tx_log_uq', ['tx_id', 'log_index'])
        .execute();
      await s.createIndex('deposits_open_idx').on('deposits').columns(['status', 'block_number']).execute();
      await s.createIndex('deposits_to_idx').on('deposits').column('to_address').execute();

      await s
        .createTable('scan_cursor')
        .addColumn('network', 'text', (c) => c.primaryKey())
        .addColumn('head_number', 'bigint', (c) => c.notNull())
        .addColumn('head_hash', 'text', (c) => c.notNull())
        .addColumn('solid_number', 'bigint', (c) => c.notNull())
        .addColumn('fence', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();

      await s
        .createTable('scanned_blocks')
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('number', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('parent_hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('scanned_blocks_pk', ['network', 'number'])
        .execute();

      await s
        .createTable('outbox')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull().unique())
        .addColumn('pattern', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('published_at', 'timestamptz')
        .execute();
      await sql`create index outbox_pending_idx on ${sql.id(schema, 'outbox')} (id) where published_at is null`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['outbox', 'scanned_blocks', 'scan_cursor', 'deposits', 'tokens', 'watched_addresses']) {
        await db.schema.withSchema(schema).dropTable(t).execute();
      }
    },
  };
}

/**
 * Each watched address remembers the transaction that inserted it, so a replica's refresh can ask
 * PostgreSQL for exactly the rows its previous look could not see (see WatchRepository.unseenSince).
 * `added_at` (the inserting transaction's start) cannot say that: a transaction may commit long after.
 */
function watchedXidMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = sql.id(schema, 'watched_addresses');
      // Existing rows get 0 (older than any watermark: every replica's full load reads them), with
      // no table rewrite; new rows get their own transaction's id.
      await sql`alter table ${table} add column added_xid xid8 not null default '0'`.execute(db);
      await sql`alter table ${table} alter column added_xid set default pg_current_xact_id()`.execute(db);
      await db.schema.withSchema(schema).createIndex('watched_addresses_added_xid_idx').on('watched_addresses').column('added_xid').execute();
      // Nothing reads by added_at any more; millions of rows need not maintain that index.
      await db.schema.withSchema(schema).dropIndex('watched_addresses_added_at_idx').execute();
    },
    async down(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      await s.createIndex('watched_addresses_added_at_idx').on('watched_addresses').column('added_at').execute();
      await s.alterTable('watched_addresses').dropColumn('added_xid').execute();
    },
  };
}

/** tron-client's own migrations, after the common inbox (0003 is the broadcaster's). */
export function tronClientMigrations(schema: string): MigrationSet {
  return { '0002_scanner': scannerMigration(schema), '0004_watched_xid': watchedXidMigration(schema) };
}
