import { Kysely, Migration, sql } from 'kysely';

/** A service's migrations, applied in key order; keys are never renamed once released. */
export type MigrationSet = Record<string, Migration>;

/**
 * The inbox every service starts with: the ids of messages it has already acted on, so that
 * at-least-once delivery never makes one message move money twice.
 */
export function inboxMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .withSchema(schema)
        .createTable('inbox')
        .addColumn('handler', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('handled_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('inbox_pk', ['handler', 'message_id'])
        .execute();
      await db.schema.withSchema(schema).createIndex('inbox_handled_at_idx').on('inbox').column('handled_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.withSchema(schema).dropTable('inbox').execute();
    },
  };
}
