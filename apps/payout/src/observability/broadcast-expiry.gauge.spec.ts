import { randomUUID } from 'node:crypto';
import { migrationsFor } from '@tronpay/models';
import { MetricsService } from '@tronpay/observability';
import { Database } from '@tronpay/runtime';
import { createTestDatabase, TestDatabase } from '@tronpay/testing';
import { BroadcastExpiryGauge } from './broadcast-expiry.gauge';

// The gauge behind TronpayPayoutStuckInBroadcast, counted in a real payout schema.
describe('tronpay_payouts_broadcast_past_expiration (real PostgreSQL)', () => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = new Database({ url: testDb.url, schema: 'payout', poolSize: 2, applicationName: 'spec' });
    await database.migrate(migrationsFor('payout'));
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  /** A payout in `status` whose current transaction expires `expiresInMs` from now (an older, expired one beside it). */
  const payout = async (status: string, expiresInMs: number) => {
    const id = randomUUID();
    const txId = () => randomUUID().replace(/-/g, '').repeat(2);
    const [old, current] = [txId(), txId()];
    const q = (text: string, params: unknown[]) => database.pool.query(text, params);
    await q(
      `insert into payout.payouts (id, fingerprint, currency, amount, destination, kyc_level, route, status, created_by, tx_id)
       values ($1, 'f', 'TRX', 1000000, 'TDest', 0, 'v0', $2, 'spec', $3)`,
      [id, status, status === 'queued' ? null : current],
    );
    const tx = `insert into payout.payout_transactions (tx_id, payout_id, attempt, status, raw_data_hex, signatures, expiration, ref_block)
                values ($1, $2, $3, $4, '00', '{}', now() + make_interval(secs => $5::float8 / 1000), 1)`;
    await q(tx, [old, id, 1, 'expired', -600_000]);
    await q(tx, [current, id, 2, status === 'queued' ? 'built' : 'sent', expiresInMs]);
  };

  it('counts the payouts still broadcast whose current transaction is past its expiration, and nothing else', async () => {
    const gauge = new BroadcastExpiryGauge(new MetricsService('payout'), database);
    expect(await gauge.refresh()).toBe(0);
    await payout('broadcast', -5_000); // stuck: counted
    await payout('broadcast', -1); // just past: counted
    await payout('broadcast', 60_000); // its transaction may still land
    await payout('signed', -5_000); // not handed to tron-client yet: the job sends it or rebuilds it
    await payout('confirmed', -5_000);
    expect(await gauge.refresh()).toBe(2);
    expect((await gauge.gauge.get()).values.map((v) => v.value)).toEqual([2]);
  });
});
