import { IsIn, IsOptional, Matches } from 'class-validator';
import { TRON_ADDRESS_FORM } from './tron-client-commands';

export const TRON_CLIENT_ACCOUNT_GET = 'tron-client.account.get.v1';
export const TRON_CLIENT_TOKEN_BALANCE_GET = 'tron-client.token-balance.get.v1';
export const TRON_CLIENT_CHAIN_PARAMETERS_GET = 'tron-client.chain-parameters.get.v1';
export const TRON_CLIENT_NETWORK_GET = 'tron-client.network.get.v1';

/** `head` (default): the latest block, as wallets show it; `solid`: only what is solidified. */
export type ChainView = 'head' | 'solid';

/** `tron-client.account.get.v1` */
export class AccountGetRequest {
  @Matches(TRON_ADDRESS_FORM, { message: 'address must be a base58 (T...) or hex (41...) TRON address' })
  address: string;

  @IsOptional()
  @IsIn(['head', 'solid'])
  view?: ChainView;
}

/** Amounts are SUN as decimal strings; energy and bandwidth in their own units. */
export interface AccountReply {
  /** base58 */
  address: string;
  /** False until the account has received TRX (or been created): it then has no balance, resources or permissions. */
  activated: boolean;
  /** SUN */
  balance: string;
  resources: {
    energy: { limit: string; used: string; available: string };
    bandwidth: { freeLimit: string; freeUsed: string; stakedLimit: string; stakedUsed: string; available: string };
    /** SUN frozen under Stake 2.0 by this account, by resource (including what it delegates out). */
    staked: { energy: string; bandwidth: string };
    /** SUN of this account's stake delegated to others. */
    delegatedOut: { energy: string; bandwidth: string };
    /** SUN others delegated to this account. */
    delegatedIn: { energy: string; bandwidth: string };
    /** Unfreezes waiting out their delay. */
    unfreezing: Array<{ resource: 'ENERGY' | 'BANDWIDTH' | 'TRON_POWER'; amount: string; expiresAt: string }>;
  };
  view: ChainView;
}

/** `tron-client.token-balance.get.v1`: a TRC20 `balanceOf`. */
export class TokenBalanceGetRequest {
  @Matches(TRON_ADDRESS_FORM, { message: 'address must be a base58 (T...) or hex (41...) TRON address' })
  address: string;

  @Matches(TRON_ADDRESS_FORM, { message: 'contract must be a base58 (T...) or hex (41...) TRON address' })
  contract: string;

  @IsOptional()
  @IsIn(['head', 'solid'])
  view?: ChainView;
}

export interface TokenBalanceReply {
  address: string;
  contract: string;
  /** The token's base units (uint256) as a decimal string. */
  balance: string;
  view: ChainView;
}

/** `tron-client.chain-parameters.get.v1` (no payload) */
export interface ChainParametersReply {
  /** java-tron's `getchainparameters`, by key (e.g. `getEnergyFee`); values as the node gives them. */
  parameters: Record<string, number>;
}

/** `tron-client.network.get.v1` (no payload): what `GET /v1/network` shows. */
export interface NetworkReply {
  network: string;
  headBlock: number | null;
  solidBlock: number | null;
  /** Nodes by origin (never a path, query or key). */
  nodes: Array<{ url: string; healthy: boolean; latencyMs: number | null }>;
}
