import { Logger } from '@nestjs/common';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { MigrationSet } from '@tronpay/models';

export interface DatabaseOptions {
  url: string;
  schema: string;
  poolSize: number;
  applicationName: string;
}

/**
 * A service's PostgreSQL: one pool, a Kysely scoped to the service's own schema, and its
 * migrations. Kysely's Postgres migrator takes an advisory lock, so replicas booting together
 * apply each migration once.
 */
export class Database<Schema = unknown> {
  readonly pool: Pool;
  readonly db: Kysely<Schema>;
  private readonly logger = new Logger('Database');
  private closed = false;

  constructor(private readonly options: DatabaseOptions) {
    this.pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      application_name: options.applicationName,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server must not crash the process: the next query reconnects.
    this.pool.on('error', (err) => this.logger.warn(`idle PostgreSQL connection lost: ${err.message}`));
    this.db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: this.pool }) }).withSchema(options.schema);
  }

  get schema(): string {
    return this.options.schema;
  }

  async migrate(migrations: MigrationSet): Promise<string[]> {
    const migrator = new Migrator({
      db: this.db as Kysely<unknown>,
      provider: { getMigrations: async () => migrations },
      migrationTableSchema: this.options.schema,
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`migration ${failed} of schema ${this.options.schema} failed: ${(error as Error).message}`);
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  stats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.destroy();
  }
}
