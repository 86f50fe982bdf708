import { Kysely, Migration, sql } from 'kysely';
import type { MigrationSet } from '../migration';

function broadcastsMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      await s
        .createTable('broadcasts')
        .addColumn('tx_id', 'text', (c) => c.primaryKey().check(sql`tx_id ~ '^[0-9a-f]{64}$'`))
        .addColumn('raw_data_hex', 'text', (c) => c.notNull())
        .addColumn('signatures', sql`text[]`, (c) => c.notNull())
        .addColumn('contract_type', 'text', (c) => c.notNull())
        .addColumn('owner_address', 'text', (c) => c.notNull())
        .addColumn('expiration', 'timestamptz', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('pending', 'broadcast', 'confirmed', 'failed', 'expired')`),
        )
        .addColumn('reason', 'text')
        .addColumn('result_code', 'text')
        .addColumn('block_number', 'bigint')
        .addColumn('seen_block', 'bigint')
        .addColumn('fee', sql`numeric(78,0)`)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('maybe_delivered', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('reference', 'text')
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('last_attempt_at', 'timestamptz')
        .addColumn('next_check_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('broadcast_at', 'timestamptz')
        .addColumn('finished_at', 'timestamptz')
        // A final state says how it ended; an open one has no end yet.
        .addCheckConstraint(
          'broadcasts_final_ck',
          sql`(status in ('pending', 'broadcast')) = (finished_at is null)`,
        )
        .execute();
      // The follower's claim: open rows that are due, oldest first. Final rows never enter the index.
      await sql`create index broadcasts_open_idx on ${sql.id(schema, 'broadcasts')} (next_check_at) where status in ('pending', 'broadcast')`.execute(db);
      await s.createIndex('broadcasts_reference_idx').on('broadcasts').column('reference').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.withSchema(schema).dropTable('broadcasts').execute();
    },
  };
}

/**
 * The broadcaster's migrations (tron-client schema), numbered in the schema's one sequence with the
 * scanner's: Kysely refuses a migration that sorts before one already applied.
 */
export function broadcastMigrations(schema: string): MigrationSet {
  return { '0003_broadcasts': broadcastsMigration(schema) };
}
