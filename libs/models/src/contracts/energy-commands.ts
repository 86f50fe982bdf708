import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RequestedByField } from './command-fields';
import { TRON_ADDRESS_FORM } from './tron-client-commands';

/**
 * The energy manager (staking service), for anyone about to send a TRC20 transfer from one of
 * our addresses: a deposit address being swept, the payout hot wallet.
 *
 * 1. `staking.energy.acquire.v1` with a key of the caller's (one lease per key, idempotent):
 *    the manager delegates the energy (and bandwidth) the transfers need from the staking
 *    wallet; when staked energy is short it plans to burn TRX within ENERGY_FEE_CAP_TRX; when
 *    allowed (`topUp`) it sends the address the TRX it lacks for activation, bandwidth or that
 *    burn, from the fee wallet. The reply is the lease: call again (or `get`) until `ready`.
 *    `waiting` says why not now (`reason`), `failed` that it never will.
 * 2. Once `ready`, send the transfers with `feeLimitSun` as their fee_limit.
 * 3. After they are final (confirmed, failed or expired), `staking.energy.release.v1`: the
 *    delegation is taken back, after its lock if it has one. A lease not released within
 *    ENERGY_LEASE_TTL_SECONDS is reclaimed anyway.
 * Every step is idempotent by key; at-least-once delivery never delegates or tops up twice.
 */
export const STAKING_ENERGY_ACQUIRE = 'staking.energy.acquire.v1';
export const STAKING_ENERGY_RELEASE = 'staking.energy.release.v1';
export const STAKING_ENERGY_GET = 'staking.energy.get.v1';

const KEY = /^[\x21-\x7e]{1,200}$/;
const UNITS = /^(0|[1-9]\d{0,11})$/;

export class EnergyAcquireRequest {
  /** The caller's key for this lease (e.g. `sweep:<id>:<round>`, `payout:<id>`). */
  @Matches(KEY, { message: 'key must be 1-200 printable characters without spaces' })
  key: string;

  /** The address that will send the transfers. */
  @Matches(TRON_ADDRESS_FORM, { message: 'address must be a TRON address' })
  address: string;

  /** Energy units the transfers need in all (their estimates added up). */
  @Matches(UNITS, { message: 'energy must be a decimal integer' })
  energy: string;

  /** Bytes of bandwidth the transfers need in all. */
  @Matches(UNITS, { message: 'bandwidth must be a decimal integer' })
  bandwidth: string;

  /** May the fee wallet send this address TRX (activation, bandwidth, burned energy)? A deposit address: yes; a hot wallet pays its own. */
  @IsBoolean()
  topUp: boolean;

  /** A lower cap than ENERGY_FEE_CAP_TRX on TRX burned for energy, SUN. */
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,17})$/, { message: 'maxBurnSun must be SUN as a decimal integer' })
  maxBurnSun?: string;

  @IsIn(['sweep', 'payout'])
  purpose: 'sweep' | 'payout';

  @RequestedByField()
  requestedBy: string;
}

export class EnergyLeaseRequest {
  @Matches(KEY, { message: 'key must be 1-200 printable characters without spaces' })
  key: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  requestedBy?: string;
}

export type EnergyLeaseStatus = 'preparing' | 'ready' | 'waiting' | 'releasing' | 'released' | 'failed';

/** SUN amounts as decimal strings. */
export interface EnergyLeaseView {
  id: string;
  key: string;
  /** base58 */
  address: string;
  purpose: 'sweep' | 'payout';
  /** preparing -> ready -> releasing -> released; waiting (asked again later) or failed on the way. */
  status: EnergyLeaseStatus;
  energyNeeded: number;
  bandwidthNeeded: number;
  /** Stake delegated for energy and for bandwidth (SUN). */
  delegated: { energy: string; bandwidth: string };
  /** Energy the delegation gives. */
  energyDelegated: number;
  /** Energy the transfers will pay for by burning TRX (staked energy was short). */
  burnEnergy: number;
  /** TRX that burning costs, within the fee cap. */
  burnSun: string;
  /** TRX sent to the address from the fee wallet, by why. */
  topUps: Array<{ kind: 'activation' | 'bandwidth' | 'energy'; amountSun: string }>;
  /** The fee_limit the transfers must carry (their energy at the energy price, with the margin). */
  feeLimitSun: string;
  /** Why it waits or failed: `energy_short` (the burn it needs is over the cap), `fee_wallet_short`, `staking_wallet_unset`... */
  reason: string | null;
  /** When the delegation's lock ends (chain time). */
  lockedUntil: string | null;
  /** The transactions the lease made (delegations, top-ups, reclaims). */
  txIds: string[];
  createdAt: string;
  updatedAt: string;
  readyAt: string | null;
  releasedAt: string | null;
}
