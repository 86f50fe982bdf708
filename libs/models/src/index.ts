export { inboxMigration } from './db/migration';
export type { MigrationSet } from './db/migration';
export { migrationsFor } from './db/service-migrations';
export type { BaseSchema, InboxTable } from './db/tables';
