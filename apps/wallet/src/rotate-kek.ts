// `npm run wallet:rotate-kek`: re-wraps every vault's data key under WALLET_KEK, taking them
// from WALLET_KEK_PREVIOUS. Safe to interrupt and run again; the service keeps running meanwhile
// when it is given both keys.
import { ConfigError, loadConfig, loadWalletConfig } from '@tronpay/config';
import { migrationsFor, WalletSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { AuditRepository } from './audit/audit.repository';
import { KeyStore } from './keys/key-store';
import { KekRotationService } from './rotation/kek-rotation.service';
import { VaultRepository } from './vaults/vault.repository';

async function main(): Promise<number> {
  const config = loadConfig('wallet');
  const wallet = loadWalletConfig();
  if (wallet.kek.mode !== 'key' || !wallet.kek.previous) {
    process.stderr.write('rotate-kek: set WALLET_KEK (the new key) and WALLET_KEK_PREVIOUS (the old one)\n');
    return 64;
  }
  const database = new Database<WalletSchema>({ ...config.database, applicationName: 'tronpay-wallet-rotate-kek' });
  try {
    await database.migrate(migrationsFor('wallet'));
    const vaults = new VaultRepository(database);
    const rotation = new KekRotationService(vaults, new KeyStore(wallet.kek), new AuditRepository(database));
    const result = await rotation.rotate({ afterBatch: (n) => process.stdout.write(`re-wrapped ${n} vaults\n`) });
    process.stdout.write(`done: ${result.rewrapped} re-wrapped, ${result.remaining} left under another key\n`);
    return result.remaining === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`rotate-kek: ${e instanceof ConfigError ? e.message : (e as Error).message}\n`);
    process.exit(1);
  },
);
