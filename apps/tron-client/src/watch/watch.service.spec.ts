import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { migrationsFor } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { createTestDatabase, TestDatabase } from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { WatchRepository } from './watch.repository';
import { WatchService } from './watch.service';

// The watched set of one replica learning what other replicas (or any writer) committed, on real
// PostgreSQL: an insert whose transaction stays open for minutes, commits out of order, and is
// still seen by the next refresh.
describe('watched set refresh', () => {
  jest.setTimeout(30_000);
  let db: TestDatabase;
  let database: Database;
  let writer: Client;

  beforeAll(() => Logger.overrideLogger(['error']));
  beforeEach(async () => {
    db = await createTestDatabase();
    database = new Database({ url: db.url, schema: 'tron_client', poolSize: 4, applicationName: 'watch-spec' });
    await database.migrate(migrationsFor('tron-client'));
    writer = new Client({ connectionString: db.url });
    await writer.connect();
  });
  afterEach(async () => {
    await writer.end().catch(() => undefined);
    await database.close();
    await db.drop();
  });

  const replica = () => new WatchService(new WatchRepository(database));

  it('sees an address whose insert transaction began long before and committed after other replicas\' refreshes', async () => {
    const leader = replica();
    const other = replica();
    await leader.ensureLoaded();
    const [slow, quick] = [generateAccount().base58, generateAccount().base58];

    // A transaction that began (and took its id) first, as a slow `watch.add` or an operator's import would.
    await writer.query('begin');
    await writer.query('select pg_current_xact_id()');
    // Meanwhile another replica adds and commits; the leader refreshes while the slow one is open.
    await other.add({ addresses: [quick], kind: 'deposit' });
    expect(await leader.refresh()).toBe(1);
    expect(leader.has(quick)).toBe(true);
    expect(await leader.refresh()).toBe(0); // a quiet look reads nothing again: no window of rows
    // Its `added_at` is its transaction's start, five minutes back: a refresh by time (added_at
    // newer than the last look minus a margin) would never see it.
    await writer.query(`insert into tron_client.watched_addresses (address, kind, added_at) values ($1, 'deposit', now() - interval '5 minutes')`, [slow]);
    expect(await leader.refresh()).toBe(0); // not committed yet: invisible, and not forgotten
    expect(leader.has(slow)).toBe(false);
    await writer.query('commit');

    expect(await leader.refresh()).toBe(1);
    expect(leader.has(slow)).toBe(true);
    expect(await leader.refresh()).toBe(0);
  });

  it('a replica loading while an insert is in flight sees it at its first refresh after the commit', async () => {
    const early = generateAccount().base58;
    const inFlight = generateAccount().base58;
    await replica().add({ addresses: [early], kind: 'wallet' });
    await writer.query('begin');
    await writer.query(`insert into tron_client.watched_addresses (address, kind) values ($1, 'deposit')`, [inFlight]);

    const fresh = replica();
    await fresh.ensureLoaded();
    expect([fresh.has(early), fresh.has(inFlight)]).toEqual([true, false]);
    await writer.query('commit');
    await fresh.refresh();
    expect(fresh.has(inFlight)).toBe(true);
  });
});
