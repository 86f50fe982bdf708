import { migrationsFor } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { createTestDatabase, TestDatabase } from '@tronpay/testing';
import { EnergyRepository } from './energy.repository';

// A payout hot wallet holds several leases at once; what the others were planned to give is
// counted as used when one more is planned, so no two transfers count on the same delegation.
describe('EnergyRepository.committedEnergy (real PostgreSQL)', () => {
  let testDb: TestDatabase;
  let database: Database;
  let leases: EnergyRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = new Database({ url: testDb.url, schema: 'staking', poolSize: 2, applicationName: 'spec' });
    await database.migrate(migrationsFor('staking'));
    leases = new EnergyRepository(database);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const lease = async (key: string, address: string, status: string, energy: number, planAttempts: number) => {
    const { row } = await leases.insert({ key, address, purpose: 'payout', energy: BigInt(energy), bandwidth: 345n, topUp: false, maxBurnSun: null, requestedBy: 'spec', expiresAt: new Date(Date.now() + 3_600_000) });
    await database.pool.query('update staking.energy_leases set status = $2, plan_attempts = $3 where id = $1', [row.id, status, planAttempts]);
    return row.id;
  };

  it('sums the energy of the other ready or planned leases of the address, and of nothing else', async () => {
    const hot = 'THotWallet';
    const me = await lease('payout:me', hot, 'preparing', 64_285, 0);
    await lease('payout:ready', hot, 'ready', 130_285, 1);
    await lease('payout:planned', hot, 'preparing', 70_000, 1);
    // Not counted: not planned yet, waiting (nothing delegated), handed back, another address.
    await lease('payout:unplanned', hot, 'preparing', 1_000, 0);
    await lease('payout:waiting', hot, 'waiting', 2_000, 1);
    await lease('payout:releasing', hot, 'releasing', 3_000, 1);
    await lease('payout:released', hot, 'released', 4_000, 1);
    await lease('sweep:other', 'TOtherAddress', 'ready', 5_000, 1);
    expect(await leases.committedEnergy(hot, me)).toBe(130_285n + 70_000n);
    // The lease being planned never counts itself.
    const ready = (await leases.byKey('payout:ready'))!.id;
    expect(await leases.committedEnergy(hot, ready)).toBe(70_000n);
    expect(await leases.committedEnergy('TNobody', me)).toBe(0n);
  });
});
