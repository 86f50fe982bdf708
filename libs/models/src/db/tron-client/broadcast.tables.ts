import { ColumnType } from 'kysely';
import type { TronClientSchema } from './tron-client.tables';

/**
 * `pending`: stored, not (yet) accepted by a node (re-sent with backoff); `broadcast`: a node
 * accepted it (or said DUP); then exactly one of `confirmed` (solidified, SUCCESS), `failed`
 * (refused for good at broadcast, or included with another result) or `expired` (the solidified
 * chain passed its expiration without it).
 */
export type BroadcastStatus = 'pending' | 'broadcast' | 'confirmed' | 'failed' | 'expired';
export const OPEN_BROADCAST_STATUSES: readonly BroadcastStatus[] = ['pending', 'broadcast'];

/** One signed transaction handed to tron-client, stored before it is sent (tx_id is its sha256). */
export interface BroadcastTable {
  tx_id: string;
  /** The signed bytes, exactly as received: every re-send sends these. */
  raw_data_hex: string;
  signatures: ColumnType<string[], string[], never>;
  contract_type: string;
  /** Owner of the (single) contract, base58. */
  owner_address: string;
  expiration: ColumnType<Date, Date, never>;
  status: BroadcastStatus;
  /** Why it failed or expired, human readable (the node's message decoded). */
  reason: string | null;
  /** java-tron's code: SIGERROR, CONTRACT_VALIDATE_ERROR, ... at broadcast; OUT_OF_ENERGY, REVERT, ... on chain. */
  result_code: string | null;
  /** The block that holds it, once solidified. */
  block_number: ColumnType<string | null, number | null | undefined, number | null>;
  /** Head block it was seen in (not yet solidified): the follower waits for the solid height to reach it. */
  seen_block: ColumnType<string | null, number | null | undefined, number | null>;
  /** SUN burned (`fee` of the transaction info), numeric(78,0). */
  fee: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  /** A send may have reached a node (accepted, DUP, or no clear answer): a later refusal is not final. */
  maybe_delivered: ColumnType<boolean, boolean | undefined, boolean>;
  reference: string | null;
  requested_by: string;
  last_attempt_at: Date | null;
  /** When the follower looks at it next (also its claim lease). */
  next_check_at: ColumnType<Date, Date | undefined, Date>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** First time a node accepted it. */
  broadcast_at: Date | null;
  /** When it reached confirmed, failed or expired. */
  finished_at: Date | null;
}

/** tron-client's tables with the broadcaster's. */
export interface BroadcastSchema extends TronClientSchema {
  broadcasts: BroadcastTable;
}

