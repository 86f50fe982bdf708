import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { TRON_ADDRESS_FORM } from './tron-client-commands';

// tron-client queries that Stake 2.0, the energy manager and TRC20 transfers need. Every answer
// is read from the node when asked (no cache): the callers decide with it what to sign.

const ADDRESS = { message: 'must be a base58 (T...) or hex (41...) TRON address' };

/** `tron-client.head-block.get.v1` (no payload): the head block, for TaPoS and chain time. */
export const TRON_CLIENT_HEAD_BLOCK_GET = 'tron-client.head-block.get.v1';

export interface HeadBlockReply {
  number: number;
  /** blockID, 64 hex digits */
  id: string;
  /** Chain time: the block's timestamp (ms since epoch). */
  timestamp: number;
}

/** `tron-client.stake.get.v1`: an account's Stake 2.0 state and resources, as the node has them now. */
export const TRON_CLIENT_STAKE_GET = 'tron-client.stake.get.v1';

export class StakeGetRequest {
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  address: string;

  /** Also read the delegations this account made (one node call per receiver); default true. */
  @IsOptional()
  @IsBoolean()
  delegations?: boolean;
}

export type ChainResource = 'ENERGY' | 'BANDWIDTH';

/** Amounts are SUN as decimal strings; energy and bandwidth in their own units; times in ms of chain time. */
export interface StakeReply {
  /** base58 */
  address: string;
  activated: boolean;
  balance: string;
  /** Own stake not delegated (frozenV2). */
  frozen: { energy: string; bandwidth: string };
  /** Own stake lent to others. */
  delegatedOut: { energy: string; bandwidth: string };
  /** Stake others lent to this account. */
  delegatedIn: { energy: string; bandwidth: string };
  unfreezing: Array<{ resource: ChainResource; amount: string; expireTime: number }>;
  /** Unfreezes whose delay has passed at the head block: what WithdrawExpireUnfreeze pays out now. */
  withdrawable: string;
  /** Unfreezes still allowed before the chain's limit of pending ones. */
  unfreezesLeft: number;
  votes: Array<{ witness: string; count: number }>;
  tronPower: { limit: string; used: string };
  /** Unclaimed voting rewards. */
  reward: string;
  /** Last WithdrawBalance (reward claim), ms; null when never. */
  latestWithdrawTime: number | null;
  /** The delegations this account made, one per receiver, resource and lock (empty when not asked). */
  delegations: Array<{ receiver: string; resource: ChainResource; amount: string; locked: boolean; expireTime: number | null }>;
  resources: {
    energy: { limit: string; used: string; available: string };
    bandwidth: { freeLimit: string; freeUsed: string; stakedLimit: string; stakedUsed: string; available: string };
  };
  /** The network's totals that turn stake into resources: resource = stake x limit / (weight x 10^6). */
  totals: { energyLimit: string; energyWeight: string; netLimit: string; netWeight: string };
  /** getcandelegatedmaxsize: own stake that can be delegated now (SUN). */
  canDelegate: { energy: string; bandwidth: string };
  /** The head block's timestamp the answer was read at. */
  headTime: number;
}

/**
 * `tron-client.contract.call.v1`: a constant (read-only) call, e.g. a token's `decimals()`, or the
 * energy estimate of a call from `owner` (`estimate: true`: java-tron's `estimateenergy`, else
 * `triggerconstantcontract`'s energy_used, which the new-holder difference shows in both).
 */
export const TRON_CLIENT_CONTRACT_CALL = 'tron-client.contract.call.v1';

export class ContractCallRequest {
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  contract: string;

  /** `name()`, `balanceOf(address)`... (or `data`). */
  @IsOptional()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}\((|[a-z0-9[\]]{1,20}(,[a-z0-9[\]]{1,20}){0,7})\)$/, { message: 'selector must be a function signature such as decimals()' })
  selector?: string;

  /** ABI-encoded arguments of `selector`, hex without 0x. */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}){0,16}$/, { message: 'parameter must be ABI words as hex' })
  parameter?: string;

  /** Whole call data instead of selector and parameter: a 4-byte selector then ABI words, hex. */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{8}([0-9a-fA-F]{64}){0,16}$/, { message: 'data must be a selector and ABI words as hex' })
  data?: string;

  /** The caller of the call (for balances, allowances and energy estimates). */
  @IsOptional()
  @Matches(TRON_ADDRESS_FORM, ADDRESS)
  owner?: string;

  /** Ask for the energy the call would use (estimateenergy where the node has it). */
  @IsOptional()
  @IsBoolean()
  estimate?: boolean;
}

export interface ContractCallReply {
  /** base58 */
  contract: string;
  /** False when the node knows no contract at that address. */
  exists: boolean;
  /** The call succeeded (false: reverted or refused; `error` says why). */
  ok: boolean;
  /** The return data, hex ('' for an estimate). */
  result: string;
  /** Energy the call uses (for a reverting call: what the revert burns); null when the node did not say. */
  energyUsed: number | null;
  error: string | null;
  /** Which node endpoint answered. */
  method: 'estimateenergy' | 'triggerconstantcontract';
}
