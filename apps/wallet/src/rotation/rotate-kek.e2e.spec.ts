import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { processEnv } from '@tronpay/config';
import { migrationsFor, WalletSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { createTestDatabase, TestDatabase, WORKSPACE_ROOT } from '@tronpay/testing';
import { AuditRepository } from '../audit/audit.repository';
import { kekId } from '../keys/envelope';
import { KeyStore } from '../keys/key-store';
import { VaultRepository } from '../vaults/vault.repository';
import { VaultService } from '../vaults/vault.service';
import { KekRotationService } from './kek-rotation.service';

function rotateKek(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/wallet/src/rotate-kek.ts'],
      { cwd: WORKSPACE_ROOT, env: { ...processEnv(), ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('npm run wallet:rotate-kek (real PostgreSQL)', () => {
  jest.setTimeout(120_000);
  let testDb: TestDatabase;
  let database: Database<WalletSchema>;
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);
  const keys: string[] = [];
  const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

  const sealedRows = async () =>
    (await database.pool.query<{ id: string; kind: string; kek_id: string; wrapped_dek: Buffer; ciphertext: Buffer }>('select id, kind, kek_id, wrapped_dek, ciphertext from wallet.vaults order by id'))
      .rows;
  const openAll = async (store: KeyStore) =>
    (await sealedRows()).map((r) =>
      store.open(r.id, r.kind === 'hd' ? 'mnemonic' : 'private_key', { kekId: r.kek_id, wrappedDek: r.wrapped_dek, ciphertext: r.ciphertext }),
    );

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = new Database<WalletSchema>({ url: testDb.url, schema: 'wallet', poolSize: 4, applicationName: 'spec' });
    await database.migrate(migrationsFor('wallet'));
    const vaults = new VaultService(new VaultRepository(database), new KeyStore({ mode: 'key', kek: oldKek }), new AuditRepository(database));
    await vaults.createHdVault('restored', 'spec', MNEMONIC);
    for (let i = 0; i < 4; i++) {
      keys.push(randomBytes(32).toString('hex'));
      await vaults.importPrivateKey(`key ${i}`, 'spec', keys[i]);
    }
  });

  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const env = (current: Buffer, previous?: Buffer) => ({
    DATABASE_URL: testDb.url,
    WALLET_KEK: current.toString('hex'),
    ...(previous ? { WALLET_KEK_PREVIOUS: previous.toString('base64') } : {}),
  });

  it('refuses to start without the previous KEK, changing nothing', async () => {
    const { code, out } = await rotateKek(env(newKek));
    expect({ code, out }).toEqual({ code: 64, out: 'rotate-kek: set WALLET_KEK (the new key) and WALLET_KEK_PREVIOUS (the old one)\n' });
    expect(new Set((await sealedRows()).map((r) => r.kek_id))).toEqual(new Set([kekId(oldKek)]));
  });

  it('finishes a rotation that was cut off halfway, and a second run finds nothing left to do', async () => {
    // The state a crash leaves: one committed batch under the new KEK, the rest under the old.
    const store = new KeyStore({ mode: 'key', kek: newKek, previous: oldKek });
    const rotation = new KekRotationService(new VaultRepository(database), store, new AuditRepository(database));
    const crash = () => {
      throw new Error('killed halfway');
    };
    await expect(rotation.rotate({ batchSize: 2, afterBatch: crash })).rejects.toThrow('killed halfway');
    const byKek = (await sealedRows()).reduce<Record<string, number>>((n, r) => ({ ...n, [r.kek_id]: (n[r.kek_id] ?? 0) + 1 }), {});
    expect(byKek).toEqual({ [kekId(newKek)]: 2, [kekId(oldKek)]: 3 });

    const first = await rotateKek(env(newKek, oldKek));
    expect(first).toEqual({ code: 0, out: 're-wrapped 3 vaults\ndone: 3 re-wrapped, 0 left under another key\n' });
    const again = await rotateKek(env(newKek, oldKek));
    expect(again).toEqual({ code: 0, out: 'done: 0 re-wrapped, 0 left under another key\n' });

    // Every secret opens with the new KEK alone, and none with the old one.
    const opened = await openAll(new KeyStore({ mode: 'key', kek: newKek }));
    const kinds = (await sealedRows()).map((r) => r.kind);
    expect(opened.filter((_, i) => kinds[i] === 'hd').map((b) => b.toString('utf8'))).toEqual([MNEMONIC]);
    expect(opened.filter((_, i) => kinds[i] === 'private_key').map((b) => b.toString('hex')).sort()).toEqual([...keys].sort());
    await expect(openAll(new KeyStore({ mode: 'key', kek: oldKek }))).rejects.toMatchObject({ code: 'wrong_kek' });

    const audit = await database.pool.query<{ reason: string }>("select reason from wallet.audit_log where action = 'kek.rotate' order by id");
    expect(audit.rows.map((r) => r.reason)).toEqual(['3 vaults re-wrapped', '0 vaults re-wrapped']);
    for (const out of [first.out, again.out]) {
      for (const k of [oldKek, newKek]) expect(out.includes(k.toString('hex')) || out.includes(k.toString('base64'))).toBe(false);
    }
  });

  it('refuses, and changes nothing, when the vaults are under neither key it was given', async () => {
    const before = await sealedRows();
    const { code, out } = await rotateKek(env(randomBytes(32), randomBytes(32)));
    expect({ code, out }).toEqual({ code: 1, out: 'rotate-kek: Sealed under a KEK that is neither WALLET_KEK nor WALLET_KEK_PREVIOUS\n' });
    expect(await sealedRows()).toEqual(before);
  });
});
