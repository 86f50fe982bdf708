import { ColumnType, Generated } from 'kysely';
import type { BaseSchema } from '../tables';

export type WatchKind = 'deposit' | 'wallet';
export type DepositStatus = 'detected' | 'confirmed' | 'reverted';

/** Addresses whose incoming transfers are credited (base58). */
export interface WatchedAddressTable {
  address: string;
  kind: WatchKind;
  label: string | null;
  added_at: ColumnType<Date, Date | undefined, never>;
  /** xid8 of the inserting transaction, as text (set by the database, never by a query). */
  added_xid: ColumnType<string, never, never>;
}

/** TRC20 contracts credited besides the network's canonical USDT (base58). */
export interface TokenTable {
  contract: string;
  symbol: string;
  decimals: number;
  added_at: ColumnType<Date, Date | undefined, never>;
}

/** One credited transfer; `(tx_id, log_index)` is unique (TRX transfers use log index -1). */
export interface DepositTable {
  id: Generated<string>;
  tx_id: string;
  log_index: number;
  /** 'TRX' or the TRC20 contract (base58). */
  token: string;
  from_address: string;
  to_address: string;
  /** numeric(78,0): a string from pg, a bigint in code. */
  amount: string;
  block_number: ColumnType<string, number, number>;
  block_hash: string;
  block_time: Date;
  status: DepositStatus;
  detected_at: ColumnType<Date, Date | undefined, Date>;
  confirmed_at: Date | null;
  reverted_at: Date | null;
}

/** Where the scanner is, per network; `fence` is the lease token that last wrote it. */
export interface ScanCursorTable {
  network: string;
  head_number: ColumnType<string, number, number>;
  head_hash: string;
  solid_number: ColumnType<string, number, number>;
  fence: ColumnType<string, number, number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Hashes of the blocks scanned above the solidified height, to find the fork point of a reorg. */
export interface ScannedBlockTable {
  network: string;
  number: ColumnType<string, number, never>;
  hash: string;
  parent_hash: string;
}

/** Events written with the state change that causes them, published after commit. */
export interface OutboxTable {
  id: Generated<string>;
  event_id: string;
  pattern: string;
  payload: ColumnType<Record<string, unknown>, string, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
  published_at: Date | null;
}

export interface TronClientSchema extends BaseSchema {
  watched_addresses: WatchedAddressTable;
  tokens: TokenTable;
  deposits: DepositTable;
  scan_cursor: ScanCursorTable;
  scanned_blocks: ScannedBlockTable;
  outbox: OutboxTable;
}
