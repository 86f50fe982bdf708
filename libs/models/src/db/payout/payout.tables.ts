import { ColumnType, Generated } from 'kysely';
import type { BaseSchema } from '../tables';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** numeric(78,0): read as a decimal string (pg's default for numeric), written from a bigint's string. */
type Numeric = ColumnType<string, string, string>;
/** bigint columns come back from pg as strings. */
type BigIntColumn = ColumnType<string, number | string, number | string>;
/** A column with a database default: optional in inserts. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type PayoutRowStatus = 'pending_approval' | 'queued' | 'signed' | 'broadcast' | 'confirmed' | 'failed' | 'rejected' | 'cancelled';
export type PayoutRoute = 'v0' | 'kyc';

/**
 * A transaction of a payout. `built`: bytes stored, not signed (never sent); `signed`: signature
 * stored, maybe sent; `sent`: handed to tron-client; `refused`: a node refused it, but it may
 * still land until the solidified chain passes its expiration; then `confirmed`, `failed`,
 * `expired` (proved off chain) or `abandoned` (never signed and stored, so never sent).
 */
export type PayoutTxStatus = 'built' | 'signed' | 'sent' | 'refused' | 'confirmed' | 'failed' | 'expired' | 'abandoned';
export const LIVE_TX_STATUSES: readonly PayoutTxStatus[] = ['built', 'signed', 'sent', 'refused'];

export interface RecipientTable {
  id: Generated<string>;
  external_id: string;
  kyc_level: number;
  /** base58, each once */
  addresses: Defaulted<string[]>;
  idempotency_key: string | null;
  fingerprint: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PayoutTable {
  id: string;
  /** `<api key id>:<Idempotency-Key>` (a batch item: `...:<index>`); unique, so one payout per key. */
  idempotency_key: string | null;
  /** Hash of what was asked, so a key reused for another payout is told apart from a retry. */
  fingerprint: string;
  batch_id: string | null;
  batch_index: number | null;
  currency: 'TRX' | 'USDT';
  /** base units */
  amount: Numeric;
  /** base58 */
  destination: string;
  recipient_id: string | null;
  /** The recipient's level when the payout was routed. */
  kyc_level: number;
  reference: string | null;
  route: PayoutRoute;
  status: PayoutRowStatus;
  approvals_required: Defaulted<number>;
  warnings: Defaulted<string[]>;
  failure_reason: string | null;
  failure_detail: string | null;
  /** Why a queued payout waits (velocity cap, floor, no hot wallet, wallet locked...). */
  hold_reason: string | null;
  held_since: Date | null;
  created_by: string;
  hot_wallet_id: string | null;
  hot_wallet_address: string | null;
  /** When the amount (and fees) were reserved against the hot wallet and the velocity cap. */
  reserved_at: Date | null;
  /** SUN set aside for fees. */
  reserved_fee: Defaulted<string>;
  tx_id: string | null;
  /** SUN burned */
  fee: Numeric | null;
  /** The block of the final transaction (confirmed or failed on chain): the reservation ends once the balance shows it. */
  settled_block: BigIntColumn | null;
  cancel_reason: string | null;
  cancelled_by: string | null;
  /** When the job should look at it next; null: nothing to do. */
  next_run_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  queued_at: Date | null;
  signed_at: Date | null;
  broadcast_at: Date | null;
  finished_at: Date | null;
}

export interface PayoutApprovalTable {
  payout_id: string;
  /** `api-key:<id>` */
  approver: string;
  approved_at: CreatedAt;
}

export interface PayoutTransactionTable {
  tx_id: string;
  payout_id: string;
  attempt: number;
  status: PayoutTxStatus;
  raw_data_hex: string;
  /** Public once broadcast; never a key. */
  signatures: string[] | null;
  expiration: Date;
  fee_limit: Numeric | null;
  ref_block: BigIntColumn;
  result_code: string | null;
  reason: string | null;
  block_number: BigIntColumn | null;
  fee: Numeric | null;
  created_at: CreatedAt;
  signed_at: Date | null;
  sent_at: Date | null;
  finished_at: Date | null;
}

/** Events written with the change they report, published after commit. */
export interface PayoutOutboxTable {
  id: Generated<string>;
  pattern: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
  published_at: Date | null;
}

/**
 * A restore from a backup (written by scripts/backup.mjs): payouts created at or before
 * `payouts_before` get no new transaction until the chain since the backup has been searched
 * (`finished_at`).
 */
export interface PayoutRestoreTable {
  id: Generated<string>;
  /** The backup's snapshot time (or a point-in-time recovery's target). */
  backup_at: Date;
  restored_at: ColumnType<Date, Date | undefined, Date>;
  /** The newest payout the restored database holds; null: none. */
  payouts_before: Date | null;
  /** No transaction signed before the restore can land in a block after one stamped past this. */
  search_until: Date | null;
  /** The first block searched (at or before the backup); null until the service finds it. */
  from_block: BigIntColumn | null;
  searched_to: BigIntColumn | null;
  searched_to_time: Date | null;
  finished_at: Date | null;
  summary: string | null;
}

/** A transfer from one of our hot wallets found on chain after the backup, and the payout it paid (null: none known). */
export interface PayoutRestoreTransactionTable {
  tx_id: string;
  restore_id: string;
  block_number: BigIntColumn;
  block_time: Date;
  /** base58 */
  sender: string;
  currency: 'TRX' | 'USDT';
  /** base58 */
  destination: string;
  amount: Numeric;
  /** The block's receipt word: SUCCESS, REVERT, OUT_OF_ENERGY... */
  contract_ret: string | null;
  raw_data_hex: string;
  signatures: string[];
  payout_id: string | null;
  found_at: CreatedAt;
}

/** A USDT payout attempt's energy lease (staking.energy.*), given back once the attempt has ended. */
export interface PayoutEnergyLeaseTable {
  key: string;
  payout_id: string;
  attempt: number;
  /** The lease's status as the staking service last reported it; `asked` before any answer. */
  status: string;
  reason: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  ready_at: Date | null;
  released_at: Date | null;
}

export interface PayoutSchema extends BaseSchema {
  recipients: RecipientTable;
  payouts: PayoutTable;
  payout_approvals: PayoutApprovalTable;
  payout_transactions: PayoutTransactionTable;
  outbox: PayoutOutboxTable;
  restores: PayoutRestoreTable;
  restore_transactions: PayoutRestoreTransactionTable;
  energy_leases: PayoutEnergyLeaseTable;
}
