/** What a transfer moved: TRX, a TRC20 token (by contract, never by symbol), or a TRC10 asset. */
export type TokenRef =
  | { kind: 'TRX' }
  | { kind: 'TRC20'; contract: string /* base58 */ }
  | { kind: 'TRC10'; assetId: string };

/**
 * One value movement found in a block. `(txId, logIndex)` identifies it: TRC20 transfers use
 * the index of their `Transfer` log in the transaction info; TRX and TRC10 transfers (one
 * contract per transaction) use -1.
 */
export interface NormalizedTransfer {
  txId: string;
  logIndex: number;
  token: TokenRef;
  /** base58; for TRC20, the log's `from` (not the transaction owner). */
  from: string;
  /** base58 */
  to: string;
  /** base units: SUN for TRX, the token's smallest unit for TRC20 */
  amount: bigint;
  blockNumber: number;
  /** ms since epoch */
  blockTime: number;
  /** `SUCCESS`, or the failing `contractRet` / `receipt.result` (`REVERT`, `OUT_OF_ENERGY`, ...) */
  status: string;
}

/** Why something that looked like a transfer was not reported (malformed, non-fungible, unusable). */
export type SkipReason =
  | 'malformed-transaction'
  | 'malformed-contract'
  | 'unsafe-amount'
  /** A smart-contract call without its info: its logs are unknown (refetch). */
  | 'missing-info'
  /** An info for a transaction not in the block, or stamped with another block number (refetch). */
  | 'orphan-info'
  | 'info-mismatch'
  | 'malformed-log'
  | 'not-fungible';

/**
 * A transaction or log left out of the transfers: the scanner counts these by reason (a surge means
 * a node answering garbage or a token emitting odd logs) and warns when `to` is watched, since that
 * is a deposit it could not read. `logIndex` is -1 when the whole transaction is meant.
 */
export interface SkippedTransfer {
  txId: string;
  logIndex: number;
  reason: SkipReason;
  /** base58; the recipient when what was skipped still names a readable one (a bad amount word, a TRC721 Transfer). */
  to?: string;
}

export interface TransferExtraction {
  transfers: NormalizedTransfer[];
  skipped: SkippedTransfer[];
}
