// `npm run wallet:import -- --label NAME (--mnemonic | --private-key)`: reads the secret from
// standard input (never from the command line, where it would land in shell history and `ps`),
// seals it under WALLET_KEK and prints the vault id and, for a key, its address and the hot
// wallet that signs with it (tron-client learns of that address from the operator, not from here).
import { loadConfig, loadWalletConfig } from '@tronpay/config';
import { migrationsFor, WalletSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { AuditRepository } from './audit/audit.repository';
import { KeyStore } from './keys/key-store';
import { VaultRepository } from './vaults/vault.repository';
import { VaultService } from './vaults/vault.service';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  chunks.forEach((c) => c.fill(0));
  return text;
}

async function main(): Promise<number> {
  const label = argument('--label');
  const kind = process.argv.includes('--mnemonic') ? 'mnemonic' : process.argv.includes('--private-key') ? 'private-key' : null;
  if (!label || !kind) {
    process.stderr.write('usage: npm run wallet:import -- --label NAME (--mnemonic | --private-key) < secret\n');
    return 64;
  }
  const config = loadConfig('wallet');
  const wallet = loadWalletConfig();
  const database = new Database<WalletSchema>({ ...config.database, applicationName: 'tronpay-wallet-import' });
  try {
    await database.migrate(migrationsFor('wallet'));
    const vaults = new VaultService(new VaultRepository(database), new KeyStore(wallet.kek), new AuditRepository(database));
    const secret = await readStdin();
    if (kind === 'mnemonic') {
      const { vaultId } = await vaults.createHdVault(label, 'operator', secret.replace(/\s+/g, ' '));
      process.stdout.write(`imported HD vault ${vaultId}\n`);
    } else {
      const { vaultId, walletId, address } = await vaults.importPrivateKey(label, 'operator', secret);
      process.stdout.write(`imported key vault ${vaultId} for ${address}, hot wallet ${walletId}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Only the message: a ConfigError or WalletError names the problem, never the secret.
    process.stderr.write(`wallet:import: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
