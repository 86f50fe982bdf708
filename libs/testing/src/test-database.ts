import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testInfraEnv } from '@tronpay/config';

export interface TestDatabase {
  /** A fresh, empty database of its own on the test server. */
  url: string;
  name: string;
  /** Drops the database (closing whatever is still connected). */
  drop(): Promise<void>;
}

function serverUrl(): string {
  const { databaseUrl } = testInfraEnv();
  if (!databaseUrl) throw new Error('TEST_DATABASE_URL is not set: run the specs through Jest (its global setup sets it)');
  return databaseUrl;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tronpay_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export async function databaseExists(name: string): Promise<boolean> {
  return admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
}
