import type { Address } from '../values/address.value';
import { buildTransaction, fail, hexOf, int64, type BuildContext, type UnsignedTransaction } from './build-transaction';

export type Resource = 'BANDWIDTH' | 'ENERGY';

interface OwnerInput {
  owner: Address | string;
}

export interface StakeInput extends OwnerInput {
  /** SUN */
  amount: bigint;
  resource: Resource;
}

export interface DelegateInput extends StakeInput {
  receiver: Address | string;
  /**
   * Lock the delegation for this many blocks (3 s each) so it cannot be taken back early;
   * omitted = no lock. 0 = java-tron's default lock of 3 days.
   */
  lockPeriodBlocks?: number;
}

export interface VoteInput extends OwnerInput {
  votes: ReadonlyArray<{ witness: Address | string; count: bigint }>;
}

const MAX_VOTES = 30;

/** BANDWIDTH is resource 0, a proto3 default: java-tron's JSON and tronweb leave it out. */
function withResource(value: Record<string, unknown>, resource: Resource): Record<string, unknown> {
  if (resource !== 'BANDWIDTH' && resource !== 'ENERGY') fail('resource: BANDWIDTH or ENERGY');
  return resource === 'ENERGY' ? { ...value, resource } : value;
}

/** FreezeBalanceV2Contract: stake TRX for energy or bandwidth. */
export function buildFreeze(input: StakeInput, ctx: BuildContext): UnsignedTransaction {
  const value = { owner_address: hexOf(input.owner, 'owner'), frozen_balance: int64(input.amount, 'amount') };
  return buildTransaction('FreezeBalanceV2Contract', withResource(value, input.resource), ctx);
}

/** UnfreezeBalanceV2Contract: start the unstaking delay (14 days on mainnet). */
export function buildUnfreeze(input: StakeInput, ctx: BuildContext): UnsignedTransaction {
  const value = { owner_address: hexOf(input.owner, 'owner'), unfreeze_balance: int64(input.amount, 'amount') };
  return buildTransaction('UnfreezeBalanceV2Contract', withResource(value, input.resource), ctx);
}

/** WithdrawExpireUnfreezeContract: take back TRX whose unstaking delay has passed. */
export function buildWithdrawExpireUnfreeze(input: OwnerInput, ctx: BuildContext): UnsignedTransaction {
  return buildTransaction('WithdrawExpireUnfreezeContract', { owner_address: hexOf(input.owner, 'owner') }, ctx);
}

/** CancelAllUnfreezeV2Contract: cancel pending unstakes (expired ones are withdrawn). */
export function buildCancelAllUnfreeze(input: OwnerInput, ctx: BuildContext): UnsignedTransaction {
  return buildTransaction('CancelAllUnfreezeV2Contract', { owner_address: hexOf(input.owner, 'owner') }, ctx);
}

/** DelegateResourceContract: lend staked energy or bandwidth to another address. */
export function buildDelegate(input: DelegateInput, ctx: BuildContext): UnsignedTransaction {
  const owner = hexOf(input.owner, 'owner');
  const receiver = hexOf(input.receiver, 'receiver');
  if (owner === receiver) fail('receiver: cannot delegate to the owner');
  const value: Record<string, unknown> = withResource({ owner_address: owner, receiver_address: receiver, balance: int64(input.amount, 'amount') }, input.resource);
  if (input.lockPeriodBlocks !== undefined) {
    if (!Number.isSafeInteger(input.lockPeriodBlocks) || input.lockPeriodBlocks < 0) fail('lockPeriodBlocks: a non-negative integer');
    value.lock = true;
    if (input.lockPeriodBlocks > 0) value.lock_period = input.lockPeriodBlocks;
  }
  return buildTransaction('DelegateResourceContract', value, ctx);
}

/** UnDelegateResourceContract: take a delegation back (after its lock, if any). */
export function buildUndelegate(input: DelegateInput | (StakeInput & { receiver: Address | string }), ctx: BuildContext): UnsignedTransaction {
  const owner = hexOf(input.owner, 'owner');
  const receiver = hexOf(input.receiver, 'receiver');
  if (owner === receiver) fail('receiver: cannot undelegate from the owner');
  const value = withResource({ owner_address: owner, receiver_address: receiver, balance: int64(input.amount, 'amount') }, input.resource);
  return buildTransaction('UnDelegateResourceContract', value, ctx);
}

/** VoteWitnessContract: replaces all of the owner's votes (1 vote per staked TRX). */
export function buildVote(input: VoteInput, ctx: BuildContext): UnsignedTransaction {
  if (input.votes.length === 0 || input.votes.length > MAX_VOTES) fail(`votes: 1 to ${MAX_VOTES} witnesses`);
  const votes = input.votes.map((v, i) => ({ vote_address: hexOf(v.witness, `votes[${i}].witness`), vote_count: int64(v.count, `votes[${i}].count`) }));
  if (new Set(votes.map((v) => v.vote_address)).size !== votes.length) fail('votes: each witness once');
  return buildTransaction('VoteWitnessContract', { owner_address: hexOf(input.owner, 'owner'), votes }, ctx);
}

/** WithdrawBalanceContract: claim voting and block rewards (once per 24 h). */
export function buildWithdrawRewards(input: OwnerInput, ctx: BuildContext): UnsignedTransaction {
  return buildTransaction('WithdrawBalanceContract', { owner_address: hexOf(input.owner, 'owner') }, ctx);
}
