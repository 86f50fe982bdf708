import { ColumnType, Generated } from 'kysely';
import type { BaseSchema } from '../tables';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** numeric(78,0): a decimal string from pg, written from a bigint's string. */
type Numeric = ColumnType<string, string, string>;

/** The operator-facing TRC20 registry; its rows are pushed to tron-client's, which credits them. */
export interface UsdtTokenTable {
  /** base58 */
  contract: string;
  name: string;
  symbol: string;
  decimals: number;
  canonical: boolean;
  added_by: string;
  added_at: CreatedAt;
  /** When tron-client last confirmed it credits this token (null: to be pushed again). */
  pushed_at: Date | null;
}

export type UsdtTransferStatusColumn = 'building' | 'signed' | 'broadcast' | 'confirmed' | 'failed' | 'expired' | 'refused';

/** One transfer executed for a caller, idempotent by `key`; the signed transaction is stored before it is broadcast. */
export interface UsdtTransferTable {
  id: Generated<string>;
  key: string;
  /** 'TRX' or the contract (base58) */
  token: string;
  from_address: string;
  /** {walletId} or {depositAddress}: what wallet.sign.v1 is asked to sign with. */
  signer: ColumnType<Record<string, unknown>, string, never>;
  to_address: string;
  amount: Numeric;
  purpose: 'sweep' | 'payout';
  reference: string;
  assume_new_holder: boolean;
  requested_fee_limit: ColumnType<string | null, string | null, never>;
  fee_limit: ColumnType<string | null, string | null, string | null>;
  status: UsdtTransferStatusColumn;
  tx_id: string | null;
  /** The signed transaction (public data: bytes and signatures), so a retry sends the same bytes. */
  transaction: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  expiration: Date | null;
  energy_estimate: number | null;
  bandwidth_estimate: number | null;
  fee: ColumnType<string | null, string | null, string | null>;
  result_code: string | null;
  block_number: ColumnType<string | null, number | null, number | null>;
  failure_reason: string | null;
  requested_by: string;
  next_check_at: ColumnType<Date, Date | undefined, Date>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  finished_at: Date | null;
}

/** Contracts outside the registry seen paying our addresses, with what they say of themselves. */
export interface UnknownTokenTable {
  contract: string;
  name: string | null;
  symbol: string | null;
  decimals: number | null;
  first_seen_at: CreatedAt;
}

/** Each `Transfer` log of an unknown token to one of our addresses, once by (tx_id, log_index). */
export interface UnknownTokenTransferTable {
  id: Generated<string>;
  tx_id: string;
  log_index: number;
  contract: string;
  to_address: string;
  from_address: string;
  amount: Numeric;
  block_number: ColumnType<string, number, never>;
  block_time: Date;
  seen_at: CreatedAt;
}

export interface UsdtSchema extends BaseSchema {
  tokens: UsdtTokenTable;
  transfers: UsdtTransferTable;
  unknown_tokens: UnknownTokenTable;
  unknown_token_transfers: UnknownTokenTransferTable;
}
