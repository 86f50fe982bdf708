// class-transformer's @Type reads decorator metadata: load the polyfill wherever contracts are.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { WHOLE_UNITS_AMOUNT_FORM } from './payout-commands';
import { TRON_ADDRESS_FORM } from './tron-client-commands';
import { IdempotencyKeyField, RequestedByField } from './command-fields';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const STAKING_FREEZE = 'staking.freeze.v1';
export const STAKING_UNFREEZE = 'staking.unfreeze.v1';
export const STAKING_WITHDRAW = 'staking.withdraw.v1';
export const STAKING_DELEGATE = 'staking.delegate.v1';
export const STAKING_UNDELEGATE = 'staking.undelegate.v1';
export const STAKING_VOTE = 'staking.vote.v1';
export const STAKING_CLAIM_REWARDS = 'staking.claim-rewards.v1';
export const STAKING_GET = 'staking.get.v1';
/** Cancels every pending unfreeze (the TRX is staked again; expired ones are withdrawn). Payload: WalletStakingRequest. */
export const STAKING_CANCEL_UNFREEZES = 'staking.cancel-unfreezes.v1';
/** A wallet's recorded operations, newest first. */
export const STAKING_OPERATIONS_LIST = 'staking.operations.list.v1';

export const STAKE_RESOURCES = ['ENERGY', 'BANDWIDTH'] as const;
export type StakeResource = (typeof STAKE_RESOURCES)[number];

/** java-tron takes at most 30 witnesses in one VoteWitnessContract. */
export const MAX_VOTES = 30;
/** Stake 2.0 delegation locks are bounded by the chain (365 days of 3 s blocks at most); the service checks the chain's own limit. */
export const MAX_LOCK_PERIOD_BLOCKS = 10_512_000;

export type StakingOperationKind =
  | 'freeze'
  | 'unfreeze'
  | 'withdraw'
  | 'delegate'
  | 'undelegate'
  | 'vote'
  | 'claim-rewards'
  | 'cancel-unfreezes'
  /** A TRX transfer from the fee wallet by the energy manager (activation, bandwidth, burned energy). */
  | 'topup';

/** What every staking command carries: the wallet that stakes, who asked, and the de-duplication key. */
export class StakingCommand {
  /** A hot or multisig wallet of the wallet service. */
  @Matches(UUID, { message: 'walletId must be a uuid' })
  walletId: string;

  /** `api-key:<id>` */
  @RequestedByField()
  requestedBy: string;

  /**
   * `<api key id>:<Idempotency-Key>` when the client sent one: the staking service records one
   * operation per key, so a retry after a lost reply does not freeze twice.
   */
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

/** `staking.freeze.v1` and `staking.unfreeze.v1`: TRX in whole units, canonical. */
export class StakeRequest extends StakingCommand {
  @Matches(WHOLE_UNITS_AMOUNT_FORM, { message: 'amount must be a canonical decimal string of whole units' })
  amount: string;

  @IsIn(STAKE_RESOURCES)
  resource: StakeResource;
}

/** `staking.delegate.v1` */
export class DelegateRequest extends StakeRequest {
  /** base58 */
  @Matches(TRON_ADDRESS_FORM, { message: 'receiver must be a TRON address' })
  receiver: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_LOCK_PERIOD_BLOCKS)
  lockPeriodBlocks?: number;
}

/** `staking.undelegate.v1` */
export class UndelegateRequest extends StakeRequest {
  @Matches(TRON_ADDRESS_FORM, { message: 'receiver must be a TRON address' })
  receiver: string;
}

export class WitnessVote {
  /** base58 */
  @Matches(TRON_ADDRESS_FORM, { message: 'witness must be a TRON address' })
  witness: string;

  /** TRON Power (one per staked TRX). */
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  count: number;
}

/** `staking.vote.v1`: replaces the wallet's votes, as VoteWitnessContract does. */
export class VoteRequest extends StakingCommand {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VOTES)
  @ValidateNested({ each: true })
  @Type(() => WitnessVote)
  votes: WitnessVote[];
}

/** `staking.withdraw.v1` (expired unfreezes) and `staking.claim-rewards.v1` carry only the common fields. */
export class WalletStakingRequest extends StakingCommand {}

/** `staking.get.v1` */
export class StakingGetRequest {
  @Matches(UUID, { message: 'walletId must be a uuid' })
  walletId: string;
}

/** `staking.operations.list.v1` */
export class StakingOperationsListRequest {
  @Matches(UUID, { message: 'walletId must be a uuid' })
  walletId: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @Matches(UUID, { message: 'cursor must come from a previous page' })
  cursor?: string;
}

/** A staking operation as recorded by the staking service; amounts in whole TRX, canonical. */
export interface StakingOperationView {
  id: string;
  walletId: string;
  kind: StakingOperationKind;
  status: 'pending' | 'broadcast' | 'confirmed' | 'failed';
  amount: string | null;
  resource: StakeResource | null;
  /** base58 */
  receiver: string | null;
  lockPeriodBlocks: number | null;
  votes: Array<{ witness: string; count: number }> | null;
  txId: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** Who started it: an API call, the schedules (auto-withdraw, reward claims) or the energy manager. */
  origin?: 'api' | 'schedule' | 'energy';
  /** SUN burned, once confirmed. */
  fee?: string | null;
}

/** `GET /v1/staking/:walletId`: frozen, delegated, pending unfreezes with their dates, votes, resources. */
export interface StakingView {
  walletId: string;
  /** base58 */
  address: string;
  frozen: { energy: string; bandwidth: string };
  delegated: Array<{ receiver: string; resource: StakeResource; amount: string; lockedUntil: string | null }>;
  pendingUnfreezes: Array<{ resource: StakeResource; amount: string; withdrawableAt: string }>;
  votes: Array<{ witness: string; count: number }>;
  /** Unclaimed voting rewards, whole TRX. */
  rewards: string;
  resources: {
    energy: { limit: string; used: string; available: string };
    bandwidth: { limit: string; used: string; available: string };
  };
  /** Whole TRX of unfreezes past their delay, not yet withdrawn (the schedule withdraws them). */
  withdrawable?: string;
  /** Unfrozen TRX not staked: the wallet's spendable balance, whole TRX. */
  balance?: string;
  tronPower?: { limit: string; used: string };
  /** When rewards were last claimed (chain time), null when never. */
  lastRewardClaimAt?: string | null;
}
