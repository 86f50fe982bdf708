import { ColumnType, Generated } from 'kysely';
import type { BaseSchema } from '../tables';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Updated = ColumnType<Date, Date | undefined, Date>;
/** numeric(78,0): a decimal string from pg, written from a bigint's string. */
type Numeric = ColumnType<string, string, string>;
type NullableNumeric = ColumnType<string | null, string | null | undefined, string | null>;

export type OperationKindColumn =
  | 'freeze'
  | 'unfreeze'
  | 'withdraw'
  | 'delegate'
  | 'undelegate'
  | 'vote'
  | 'claim-rewards'
  | 'cancel-unfreezes'
  | 'topup';
export type OperationStatusColumn = 'pending' | 'broadcast' | 'confirmed' | 'failed';
export type OperationOrigin = 'api' | 'schedule' | 'energy';

/** Every Stake 2.0 transaction (and energy-manager top-up) the service made: its transaction and state. */
export interface StakingOperationTable {
  id: Generated<string>;
  /** The wallet that signs (for a top-up: the fee wallet). */
  wallet_id: string;
  /** base58 of the signing account */
  address: string;
  kind: OperationKindColumn;
  origin: OperationOrigin;
  /** pending (may hold its signed bytes) -> broadcast -> confirmed | failed */
  status: OperationStatusColumn;
  /** SUN */
  amount: NullableNumeric;
  resource: 'ENERGY' | 'BANDWIDTH' | null;
  /** base58: delegation receiver, or top-up destination */
  receiver: string | null;
  lock_period_blocks: number | null;
  votes: ColumnType<Array<{ witness: string; count: number }> | null, string | null, never>;
  lease_id: string | null;
  permission_id: number | null;
  tx_id: string | null;
  /** The signed transaction (public: bytes and signatures), stored before it is broadcast. */
  transaction: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  expiration: Date | null;
  fee: NullableNumeric;
  block_number: ColumnType<string | null, number | null | undefined, number | null>;
  result_code: string | null;
  failure_reason: string | null;
  idempotency_key: string | null;
  /** What the request asked, so that a key reused for another request is refused. */
  fingerprint: string | null;
  requested_by: string;
  next_check_at: Updated;
  created_at: CreatedAt;
  updated_at: Updated;
  finished_at: Date | null;
}

/** Wallets whose stake is watched by the schedules (withdrawals when due, reward claims, expiry tracking). */
export interface TrackedWalletTable {
  wallet_id: string;
  address: string;
  kind: string;
  since: CreatedAt;
  synced_at: Date | null;
  sync_error: string | null;
}

export type UnfreezeStatus = 'pending' | 'withdrawn' | 'cancelled';

/** Pending unfreezes as the chain lists them, with the date each becomes withdrawable. */
export interface UnfreezeTable {
  id: Generated<string>;
  wallet_id: string;
  resource: 'ENERGY' | 'BANDWIDTH';
  amount: Numeric;
  withdrawable_at: Date;
  status: UnfreezeStatus;
  first_seen_at: CreatedAt;
  closed_at: Date | null;
}

/** The delegations a tracked wallet made, as last read from the chain (locks and their ends). */
export interface DelegationTable {
  wallet_id: string;
  receiver: string;
  resource: 'ENERGY' | 'BANDWIDTH';
  locked: boolean;
  amount: Numeric;
  locked_until: Date | null;
  synced_at: Updated;
}

export type EnergyLeaseStatusColumn = 'preparing' | 'ready' | 'waiting' | 'releasing' | 'released' | 'failed';

/** One energy lease of the energy manager, idempotent by the caller's key. */
export interface EnergyLeaseTable {
  id: Generated<string>;
  key: string;
  address: string;
  purpose: 'sweep' | 'payout';
  status: EnergyLeaseStatusColumn;
  energy_needed: ColumnType<string, number | string, never>;
  bandwidth_needed: ColumnType<string, number | string, never>;
  top_up: boolean;
  max_burn_sun: NullableNumeric;
  staking_address: string | null;
  delegated_energy_sun: ColumnType<string, string | undefined, string>;
  delegated_bandwidth_sun: ColumnType<string, string | undefined, string>;
  energy_delegated: ColumnType<string, number | string | undefined, number | string>;
  burn_energy: ColumnType<string, number | string | undefined, number | string>;
  burn_sun: ColumnType<string, string | undefined, string>;
  fee_limit_sun: ColumnType<string, string | undefined, string>;
  top_ups: ColumnType<Array<{ kind: 'activation' | 'bandwidth' | 'energy'; amountSun: string }>, string | undefined, string>;
  reason: string | null;
  locked_until: Date | null;
  plan_attempts: ColumnType<number, number | undefined, number>;
  requested_by: string;
  next_check_at: Updated;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: Updated;
  ready_at: Date | null;
  release_requested_at: Date | null;
  released_at: Date | null;
}

export interface StakingSchema extends BaseSchema {
  operations: StakingOperationTable;
  tracked_wallets: TrackedWalletTable;
  unfreezes: UnfreezeTable;
  delegations: DelegationTable;
  energy_leases: EnergyLeaseTable;
}
