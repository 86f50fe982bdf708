import { randomBytes } from 'node:crypto';
import { migrationsFor, WalletSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { createTestDatabase, TestDatabase } from '@tronpay/testing';
import { AuditRepository } from '../audit/audit.repository';
import { kekId } from '../keys/envelope';
import { KeyStore } from '../keys/key-store';
import { VaultRepository } from '../vaults/vault.repository';
import { VaultService } from '../vaults/vault.service';
import { KekRotationService } from './kek-rotation.service';

describe('KEK rotation (real PostgreSQL)', () => {
  let testDb: TestDatabase;
  let database: Database<WalletSchema>;
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);
  const keys: string[] = [];

  const services = (store: KeyStore) => {
    const vaults = new VaultRepository(database);
    const audit = new AuditRepository(database);
    return { vaults, store, vaultService: new VaultService(vaults, store, audit), rotation: new KekRotationService(vaults, store, audit) };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = new Database<WalletSchema>({ url: testDb.url, schema: 'wallet', poolSize: 4, applicationName: 'spec' });
    await database.migrate(migrationsFor('wallet'));
    const { vaultService } = services(new KeyStore({ mode: 'key', kek: oldKek }));
    for (let i = 0; i < 5; i++) {
      const key = randomBytes(32).toString('hex');
      keys.push(key);
      await vaultService.importPrivateKey(`v${i}`, 'spec', key);
    }
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('survives a crash halfway and finishes on the next run; every key still opens, only under the new KEK', async () => {
    const { rotation } = services(new KeyStore({ mode: 'key', kek: newKek, previous: oldKek }));
    await expect(
      rotation.rotate({
        batchSize: 2,
        afterBatch: () => {
          throw new Error('killed halfway');
        },
      }),
    ).rejects.toThrow('killed halfway');
    const counts = await database.pool.query<{ kek_id: string; n: number }>('select kek_id, count(*)::int as n from wallet.vaults group by kek_id');
    expect(Object.fromEntries(counts.rows.map((r) => [r.kek_id, r.n]))).toEqual({ [kekId(newKek)]: 2, [kekId(oldKek)]: 3 });

    // Halfway, the running service (holding both keys) still opens every vault.
    const during = services(new KeyStore({ mode: 'key', kek: newKek, previous: oldKek }));
    for (const row of (await database.pool.query('select id, kek_id, wrapped_dek, ciphertext from wallet.vaults')).rows) {
      const key = during.store.open(row.id, 'private_key', { kekId: row.kek_id, wrappedDek: row.wrapped_dek, ciphertext: row.ciphertext });
      expect(keys).toContain(key.toString('hex'));
    }

    expect(await rotation.rotate({ batchSize: 2 })).toEqual({ rewrapped: 3, remaining: 0 });
    const onlyNew = new KeyStore({ mode: 'key', kek: newKek });
    const opened = [];
    for (const row of (await database.pool.query('select id, kek_id, wrapped_dek, ciphertext from wallet.vaults')).rows) {
      opened.push(onlyNew.open(row.id, 'private_key', { kekId: row.kek_id, wrappedDek: row.wrapped_dek, ciphertext: row.ciphertext }).toString('hex'));
      expect(() =>
        new KeyStore({ mode: 'key', kek: oldKek }).open(row.id, 'private_key', { kekId: row.kek_id, wrappedDek: row.wrapped_dek, ciphertext: row.ciphertext }),
      ).toThrow(expect.objectContaining({ code: 'wrong_kek' }));
    }
    expect(opened.sort()).toEqual([...keys].sort());
  });

  it('refuses vaults sealed under a KEK it was not given', async () => {
    const { rotation } = services(new KeyStore({ mode: 'key', kek: randomBytes(32), previous: randomBytes(32) }));
    await expect(rotation.rotate()).rejects.toMatchObject({ code: 'wrong_kek' });
  });
});
