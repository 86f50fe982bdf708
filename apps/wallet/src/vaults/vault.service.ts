import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import type { WalletSchema } from '@tronpay/models';
import { accountFromPrivateKey, isValidPrivateKey } from '@tronpay/tron';
import { AuditRepository } from '../audit/audit.repository';
import { withSecret } from '../keys/envelope';
import { accountXpub, assertMnemonic, newMnemonic, seedOf } from '../keys/hd-derivation';
import { KeyStore } from '../keys/key-store';
import { WalletError } from '../wallet.errors';
import { VaultRepository } from './vault.repository';

@Injectable()
export class VaultService {
  private readonly logger = new Logger(VaultService.name);

  constructor(
    private readonly vaults: VaultRepository,
    @Inject(KeyStore) private readonly keys: KeyStore,
    private readonly audit: AuditRepository,
  ) {}

  /** An HD vault from a mnemonic (imported, or generated here); account 0's xpub is kept for deposit addresses. */
  async createHdVault(label: string, actor: string, mnemonic: string = newMnemonic()): Promise<{ vaultId: string }> {
    assertMnemonic(mnemonic);
    const vaultId = await this.vaults.db.transaction().execute((tx) => this.insertHdVault(tx, label, actor, mnemonic));
    return { vaultId };
  }

  /**
   * A vault holding one imported private key, and the hot wallet that signs with it (under the
   * same policy as any other); returns its address, never the key.
   */
  async importPrivateKey(label: string, actor: string, privateKeyHex: string): Promise<{ vaultId: string; walletId: string; address: string }> {
    if (!isValidPrivateKey(privateKeyHex)) throw new WalletError('invalid_private_key', 'Not a valid secp256k1 private key');
    const address = accountFromPrivateKey(privateKeyHex).base58;
    const id = randomUUID();
    const sealed = await withSecret(Buffer.from(privateKeyHex.replace(/^0x/, ''), 'hex'), (secret) =>
      this.keys.seal(id, 'private_key', secret),
    );
    const walletId = await this.vaults.db.transaction().execute(async (tx) => {
      await this.vaults.insertVault(
        { id, kind: 'private_key', label, kek_id: sealed.kekId, wrapped_dek: sealed.wrappedDek, ciphertext: sealed.ciphertext },
        tx,
      );
      const wallet = await this.vaults.insertKeyWallet(id, label, address, tx).catch((e: { code?: string }) => {
        if (e.code === '23505') throw new WalletError('policy_refused', 'An active wallet already has this address');
        throw e;
      });
      await this.audit.append({ actor, action: 'vault.import', outcome: 'ok', walletId: wallet, address, reason: 'private_key' }, tx);
      return wallet;
    });
    return { vaultId: id, walletId, address };
  }

  /** On first boot, the vault deposit addresses come from; replicas booting together create one. */
  async ensureDefaultVault(): Promise<void> {
    if (this.keys.locked || (await this.vaults.defaultHdVault())) return;
    await this.vaults.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext('tronpay.wallet.default-vault'))`.execute(tx);
      if (await tx.selectFrom('vaults').select('id').where('kind', '=', 'hd').limit(1).executeTakeFirst()) return;
      const id = await this.insertHdVault(tx, 'default', 'wallet', newMnemonic());
      this.logger.log(`created the default HD vault ${id}`);
    });
  }

  private async insertHdVault(tx: Kysely<WalletSchema>, label: string, actor: string, mnemonic: string): Promise<string> {
    const id = randomUUID();
    const normalized = mnemonic.normalize('NFKD');
    const sealed = await withSecret(Buffer.from(normalized, 'utf8'), (secret) => this.keys.seal(id, 'mnemonic', secret));
    const xpub = await withSecret(seedOf(normalized), (seed) => accountXpub(seed, 0));
    await this.vaults.insertVault(
      { id, kind: 'hd', label, kek_id: sealed.kekId, wrapped_dek: sealed.wrappedDek, ciphertext: sealed.ciphertext },
      tx,
    );
    await this.vaults.insertHdAccount(id, 0, xpub, tx);
    await this.audit.append({ actor, action: 'vault.create', outcome: 'ok', reason: `hd vault ${id}` }, tx);
    return id;
  }
}
