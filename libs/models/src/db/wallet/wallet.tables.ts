import { ColumnType, Generated } from 'kysely';
import type { BaseSchema } from '../tables';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface VaultTable {
  id: Generated<string>;
  kind: 'hd' | 'private_key';
  label: string;
  kek_id: string;
  wrapped_dek: Buffer;
  ciphertext: Buffer;
  created_at: CreatedAt;
  rewrapped_at: Date | null;
}

export interface HdAccountTable {
  vault_id: string;
  account: number;
  xpub: string;
  next_index: Generated<number>;
}

export interface WalletTable {
  id: Generated<string>;
  label: string;
  kind: 'hot' | 'cold' | 'watch' | 'multisig' | 'hardware';
  address: string;
  vault_id: string | null;
  account: number | null;
  address_index: number | null;
  category: string | null;
  owner: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  archived_at: Date | null;
  /** multisig: signatures' total weight the account's permission needs */
  threshold: number | null;
  /** multisig: the account permission our keys sign under (2 = the first active permission) */
  permission_id: number | null;
  /** `<api key id>:<Idempotency-Key>` of the request that created it, when one was given */
  idempotency_key: ColumnType<string | null, string | null | undefined, never>;
}

export interface WalletSignerTable {
  wallet_id: string;
  /** base58 */
  address: string;
  weight: number;
}

export interface WalletBalanceTable {
  wallet_id: string;
  /** SUN, numeric: a string from the driver */
  trx: string;
  usdt: string | null;
  energy: string;
  bandwidth: string;
  refreshed_at: Date;
}

export interface DepositAddressTable {
  address: string;
  vault_id: string;
  account: number;
  address_index: number;
  reference: string | null;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actor: string;
  action: string;
  outcome: string;
  wallet_id: string | null;
  address: string | null;
  purpose: string | null;
  reference: string | null;
  tx_id: string | null;
  reason: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface WalletSchema extends BaseSchema {
  vaults: VaultTable;
  hd_accounts: HdAccountTable;
  wallets: WalletTable;
  deposit_addresses: DepositAddressTable;
  audit_log: AuditLogTable;
  wallet_signers: WalletSignerTable;
  wallet_balances: WalletBalanceTable;
  settings: SettingTable;
}
