import { Inject, Injectable } from '@nestjs/common';
import { hexToBase58, normalizeAddress } from '@tronpay/tron';
import { withSecret } from '../keys/envelope';
import { derivePrivateKey, seedOf } from '../keys/hd-derivation';
import { KeyStore } from '../keys/key-store';
import { VaultRepository } from '../vaults/vault.repository';
import { WalletError } from '../wallet.errors';

/** One key held here: the vault it is sealed in, and its HD position when it is derived rather than stored. */
export interface KeyRef {
  /** `41...` hex */
  address: string;
  vaultId: string;
  hd?: { account: number; index: number };
  weight: number;
}

export interface ResolvedSigner {
  walletId?: string;
  /** The account that owns the transaction, `41...` hex. */
  address: string;
  /** The keys held here that sign for it: the account's own key, or our members of a multisig permission. */
  keys: KeyRef[];
  /** Multisig: the permission our keys sign under, and the weight it needs. */
  permissionId?: number;
  threshold?: number;
}

/** Finds which keys sign for a wallet or deposit address, and derives them only for the moment of signing. */
@Injectable()
export class SignerResolver {
  constructor(
    private readonly vaults: VaultRepository,
    @Inject(KeyStore) private readonly keys: KeyStore,
  ) {}

  async resolve(ref: { walletId?: string; depositAddress?: string }): Promise<ResolvedSigner> {
    if (ref.walletId) {
      const w = await this.vaults.db
        .selectFrom('wallets')
        .select(['id', 'kind', 'address', 'vault_id', 'account', 'address_index', 'threshold', 'permission_id'])
        .where('id', '=', ref.walletId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!w) throw new WalletError('wallet_not_found', 'No such active wallet');
      const address = normalizeAddress(w.address) ?? w.address;
      if (w.kind === 'multisig') return this.multisig(w.id, address, w.threshold ?? 1, w.permission_id ?? 2);
      if (w.kind !== 'hot' || !w.vault_id) throw new WalletError('policy_refused', `A ${w.kind} wallet holds no key here`);
      const hd = w.account !== null && w.address_index !== null ? { account: w.account, index: w.address_index } : undefined;
      return { walletId: w.id, address, keys: [{ address, vaultId: w.vault_id, hd, weight: 1 }] };
    }
    const hex = normalizeAddress(ref.depositAddress);
    if (!hex) throw new WalletError('wallet_not_found', 'Give a walletId or a depositAddress');
    const d = await this.vaults.db
      .selectFrom('deposit_addresses')
      .select(['vault_id', 'account', 'address_index'])
      .where('address', '=', hexToBase58(hex))
      .executeTakeFirst();
    if (!d) throw new WalletError('wallet_not_found', 'Not one of our deposit addresses');
    return { address: hex, keys: [{ address: hex, vaultId: d.vault_id, hd: { account: d.account, index: d.address_index }, weight: 1 }] };
  }

  async walletKind(walletId: string): Promise<{ kind: string; address: string; threshold: number | null }> {
    const w = await this.vaults.db
      .selectFrom('wallets')
      .select(['kind', 'address', 'threshold'])
      .where('id', '=', walletId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!w) throw new WalletError('wallet_not_found', 'No such active wallet');
    return { kind: w.kind, address: normalizeAddress(w.address) ?? w.address, threshold: w.threshold };
  }

  /** The members of a multisig permission, with which of them are our hot wallets. */
  async members(walletId: string): Promise<Array<{ address: string; weight: number; ours?: KeyRef }>> {
    const rows = await this.vaults.db
      .selectFrom('wallet_signers as s')
      .leftJoin('wallets as w', (j) => j.onRef('w.address', '=', 's.address').on('w.kind', '=', 'hot').on('w.archived_at', 'is', null))
      .select(['s.address', 's.weight', 'w.vault_id', 'w.account', 'w.address_index'])
      .where('s.wallet_id', '=', walletId)
      .orderBy('s.address')
      .execute();
    return rows.map((r) => {
      const hex = normalizeAddress(r.address) ?? r.address;
      const ours =
        r.vault_id && r.account !== null && r.address_index !== null
          ? { address: hex, vaultId: r.vault_id, hd: { account: r.account, index: r.address_index }, weight: r.weight }
          : undefined;
      return { address: hex, weight: r.weight, ours };
    });
  }

  /** Runs `sign` with one key (hex), wiping every buffer that held key material afterwards. */
  async withPrivateKey<T>(key: KeyRef, sign: (privateKeyHex: string) => T): Promise<T> {
    const vault = await this.vaults.findVault(key.vaultId);
    if (!vault) throw new WalletError('vault_not_found', 'The signer\'s vault is missing');
    const sealed = { kekId: vault.kek_id, wrappedDek: vault.wrapped_dek, ciphertext: vault.ciphertext };
    if (vault.kind === 'private_key') {
      return withSecret(this.keys.open(vault.id, 'private_key', sealed), (k) => sign(k.toString('hex')));
    }
    if (!key.hd) throw new WalletError('policy_refused', 'An HD vault needs an HD position to sign');
    const { account, index } = key.hd;
    return withSecret(this.keys.open(vault.id, 'mnemonic', sealed), (mnemonic) =>
      withSecret(seedOf(mnemonic.toString('utf8')), (seed) => withSecret(derivePrivateKey(seed, account, index), (k) => sign(k.toString('hex')))),
    );
  }

  private async multisig(walletId: string, address: string, threshold: number, permissionId: number): Promise<ResolvedSigner> {
    const ours = (await this.members(walletId)).flatMap((m) => (m.ours ? [m.ours] : []));
    if (ours.length === 0) throw new WalletError('policy_refused', 'No key of this multisig permission is held here');
    return { walletId, address, keys: ours, permissionId, threshold };
  }
}
