import { Logger } from '@nestjs/common';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool, PoolClient } from 'pg';
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
 * apply each migration once. `reconnect()` swaps in a fresh pool (a restart of the service's
 * connections) while queries keep running: Kysely asks this object, not the pool, for clients.
 */
export class Database<Schema = unknown> {
  readonly db: Kysely<Schema>;
  private current: Pool;
  private readonly logger = new Logger('Database');
  private closed = false;

  constructor(private readonly options: DatabaseOptions) {
    this.current = this.newPool();
    const pools = { connect: (): Promise<PoolClient> => this.current.connect(), end: () => this.current.end() };
    this.db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: pools }) }).withSchema(options.schema);
  }

  /** The pg pool in use now (replaced by `reconnect`). */
  get pool(): Pool {
    return this.current;
  }

  /** New connections from now on; the old pool ends once its checked-out clients are released. */
  async reconnect(): Promise<void> {
    const old = this.current;
    this.current = this.newPool();
    await old.end();
  }

  private newPool(): Pool {
    const pool = new Pool({
      connectionString: this.options.url,
      max: this.options.poolSize,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server must not crash the process: the next query reconnects.
    pool.on('error', (err) => this.logger.warn(`idle PostgreSQL connection lost: ${err.message}`));
    return pool;
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
    await this.current.query('select 1');
  }

  stats(): { total: number; idle: number; waiting: number } {
    const pool = this.current;
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.destroy();
  }
}
