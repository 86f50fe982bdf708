import { createTestDatabase, createTestRedis, databaseExists } from './index';
import { Client } from 'pg';

describe('test infrastructure', () => {
  it('gives each caller its own database on a real PostgreSQL server and drops it after', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    expect(a.name).not.toEqual(b.name);
    const client = new Client({ connectionString: a.url });
    await client.connect();
    await client.query('create table t (id int primary key)');
    await client.query('insert into t values (1)');
    await expect(client.query('insert into t values (1)')).rejects.toThrow(/duplicate key/);
    await client.end();
    await a.drop();
    await b.drop();
    expect(await databaseExists(a.name)).toBe(false);
    expect(await databaseExists(b.name)).toBe(false);
  });

  it('isolates Redis keys under a prefix and removes them on cleanup', async () => {
    const r = await createTestRedis();
    const other = await createTestRedis();
    await r.client.set(`${r.prefix}k1`, 'v');
    await r.client.set(`${other.prefix}k1`, 'w');
    await r.cleanup();
    expect(await other.client.get(`${r.prefix}k1`)).toBeNull();
    expect(await other.client.get(`${other.prefix}k1`)).toBe('w');
    await other.cleanup();
  });
});
