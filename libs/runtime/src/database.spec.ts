import { Kysely, sql } from 'kysely';
import { BaseSchema, migrationsFor } from '@tronpay/models';
import { createTestDatabase, TestDatabase } from '@tronpay/testing';
import { Database } from './database';
import { claimOnce } from './inbox';

describe('Database (real PostgreSQL)', () => {
  let testDb: TestDatabase;
  const open: Database[] = [];
  const connect = (schema = 'wallet') => {
    const d = new Database({ url: testDb.url, schema, poolSize: 2, applicationName: 'spec' });
    open.push(d);
    return d;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
    await testDb.drop();
  });

  it('creates the service schema and applies each migration once when replicas boot together', async () => {
    const replicas = [connect(), connect(), connect()];
    const migrations = migrationsFor('wallet');
    const applied = await Promise.all(replicas.map((d) => d.migrate(migrations)));
    expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
    const { rows } = await replicas[0].pool.query(
      "select table_name from information_schema.tables where table_schema = 'wallet' order by table_name",
    );
    expect(rows.map((r: { table_name: string }) => r.table_name)).toEqual(
      expect.arrayContaining(['inbox', 'kysely_migration', 'kysely_migration_lock']),
    );
    expect(await connect().migrate(migrationsFor('wallet'))).toEqual([]);
  });

  it('keeps each service in its own schema', async () => {
    await connect('wallet').migrate(migrationsFor('wallet'));
    await connect('payout').migrate(migrationsFor('payout'));
    const { rows } = await open[0].pool.query(
      "select table_schema from information_schema.tables where table_name = 'inbox' order by 1",
    );
    expect(rows.map((r: { table_schema: string }) => r.table_schema)).toEqual(['payout', 'wallet']);
  });

  it('enforces the inbox key, so a message id is acted on once', async () => {
    const d = connect();
    await d.migrate(migrationsFor('wallet'));
    const db = d.db as unknown as Kysely<BaseSchema>;
    expect(await claimOnce(db, 'h', 'm1')).toBe(true);
    expect(await claimOnce(db, 'h', 'm1')).toBe(false);
    expect(await claimOnce(db, 'other-handler', 'm1')).toBe(true);
    const results = await Promise.all(Array.from({ length: 20 }, () => claimOnce(db, 'h', 'm-race')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('rolls an inbox claim back with the work it guarded', async () => {
    const d = connect();
    await d.migrate(migrationsFor('wallet'));
    const db = d.db as unknown as Kysely<BaseSchema>;
    await expect(
      db.transaction().execute(async (tx) => {
        expect(await claimOnce(tx, 'h', 'm3')).toBe(true);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await claimOnce(db, 'h', 'm3')).toBe(true);
  });

  it('rolls back an aborted transaction', async () => {
    const d = connect();
    await d.migrate(migrationsFor('wallet'));
    await expect(
      d.db.transaction().execute(async (tx) => {
        await sql`insert into wallet.inbox (handler, message_id) values ('h', 'm2')`.execute(tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await d.pool.query('select count(*)::int as n from wallet.inbox');
    expect(rows[0].n).toBe(0);
  });

  it('reports a server that went away as a failed ping, not a hang', async () => {
    const d = connect();
    await d.ping();
    await testDb.drop();
    await expect(d.ping()).rejects.toThrow();
    testDb = await createTestDatabase();
  });
});
