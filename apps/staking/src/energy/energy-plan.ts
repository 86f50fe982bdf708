/**
 * The energy manager's arithmetic, pure: how much stake to delegate to an address so that it has
 * the energy (and bandwidth) its transfers need, and what TRX it must be sent or may burn when the
 * staking wallet is short. java-tron gives an account
 *   resource limit = stake (SUN) x TotalLimit / (TotalWeight x 10^6)
 * and a transfer can use limit - used; what it lacks it burns at the energy price (getEnergyFee).
 */

export interface ReceiverState {
  activated: boolean;
  balance: bigint;
  /** Own frozen stake plus what others delegated to it, SUN. */
  energyStake: bigint;
  energyUsed: bigint;
  bandwidthStake: bigint;
  stakedBandwidthUsed: bigint;
  freeBandwidthLeft: bigint;
}

export interface NetworkTotals {
  energyLimit: bigint;
  energyWeight: bigint;
  netLimit: bigint;
  netWeight: bigint;
}

export interface Prices {
  energy: bigint;
  bandwidth: bigint;
  /** The free bandwidth a newly created account has (getFreeNetLimit). */
  freeNetLimit: bigint;
}

export interface PlanInput {
  energy: bigint;
  bandwidth: bigint;
  receiver: ReceiverState;
  /** null: no staking wallet configured. */
  staking: { canDelegateEnergy: bigint; canDelegateBandwidth: bigint } | null;
  /** From the staking wallet's answer (an unactivated receiver's node answer has none). */
  totals: NetworkTotals | null;
  prices: Prices;
  /** May the fee wallet send this address TRX? */
  topUpAllowed: boolean;
  /** null: no fee wallet configured. */
  feeWalletBalance: bigint | null;
  /** Most SUN the transfers may burn for energy. */
  maxBurnSun: bigint;
  topUpMaxSun: bigint;
  activationSun: bigint;
  /** What creating an account costs the fee wallet (getCreateNewAccountFeeInSystemContract + getCreateAccountFee). */
  activationFeeSun: bigint;
  marginBps: number;
}

export interface TopUpPart {
  kind: 'activation' | 'bandwidth' | 'energy';
  amountSun: bigint;
}

export type Plan =
  | {
      kind: 'plan';
      delegateEnergySun: bigint;
      /** Energy the receiver has for the transfers once the delegation lands (before any burn). */
      energyFromStake: bigint;
      delegateBandwidthSun: bigint;
      burnEnergy: bigint;
      burnSun: bigint;
      bandwidthBurnSun: bigint;
      topUps: TopUpPart[];
      topUpSun: bigint;
    }
  | { kind: 'waiting'; reason: string; detail: string }
  | { kind: 'failed'; reason: string; detail: string };

const SUN_PER_TRX = 1_000_000n;
const ceilDiv = (a: bigint, b: bigint) => (a <= 0n ? 0n : (a + b - 1n) / b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** Resource units a stake gives. */
export function resourceOf(stake: bigint, limit: bigint, weight: bigint): bigint {
  if (weight <= 0n) return 0n;
  return (stake * limit) / (weight * SUN_PER_TRX);
}

/** SUN of stake that give at least `units`. */
export function stakeFor(units: bigint, limit: bigint, weight: bigint): bigint {
  if (limit <= 0n) return 0n;
  return ceilDiv(units * weight * SUN_PER_TRX, limit);
}

/** Stake to add (whole TRX, at least 1 TRX, as java-tron requires) for `units` more than `used`, with a margin. */
function extraStake(stake: bigint, used: bigint, units: bigint, limit: bigint, weight: bigint, marginBps: number): bigint {
  const needed = stakeFor(used + units, limit, weight) - stake;
  if (needed <= 0n) return 0n;
  const withMargin = ceilDiv(needed * BigInt(10_000 + marginBps), 10_000n);
  return max(SUN_PER_TRX, ceilDiv(withMargin, SUN_PER_TRX) * SUN_PER_TRX);
}

const wholeTrx = (sun: bigint) => (sun / SUN_PER_TRX) * SUN_PER_TRX;

export function planLease(p: PlanInput): Plan {
  const r = p.receiver;
  if (!r.activated && !p.topUpAllowed) {
    return { kind: 'failed', reason: 'not_activated', detail: 'the address has never held TRX and may not be sent any' };
  }
  const totals = p.totals;

  // Energy: what it has, then delegation, then (within the cap) burning.
  const energyLimit = totals ? resourceOf(r.energyStake, totals.energyLimit, totals.energyWeight) : 0n;
  const energyLeft = max(0n, energyLimit - r.energyUsed);
  let delegateEnergySun = 0n;
  let energyFromStake = energyLeft;
  if (energyLeft < p.energy && p.staking && totals) {
    const wanted = extraStake(r.energyStake, r.energyUsed, p.energy, totals.energyLimit, totals.energyWeight, p.marginBps);
    const capacity = wholeTrx(p.staking.canDelegateEnergy);
    delegateEnergySun = wanted <= capacity ? wanted : capacity >= SUN_PER_TRX ? capacity : 0n;
    if (delegateEnergySun > 0n) {
      energyFromStake = max(0n, resourceOf(r.energyStake + delegateEnergySun, totals.energyLimit, totals.energyWeight) - r.energyUsed);
    }
  }
  const burnEnergy = max(0n, p.energy - energyFromStake);
  const burnSun = burnEnergy * p.prices.energy;
  if (burnSun > p.maxBurnSun) {
    const why = p.staking ? 'the staking wallet cannot delegate enough energy' : 'no staking wallet is configured';
    return {
      kind: 'waiting',
      reason: 'energy_short',
      detail: `${why}: the transfers would burn ${burnSun} SUN for ${burnEnergy} energy, over the cap of ${p.maxBurnSun} SUN`,
    };
  }

  // Bandwidth: a new account starts with the free allowance; else delegation; else burn.
  const freeLeft = r.activated ? r.freeBandwidthLeft : p.prices.freeNetLimit;
  const stakedLeft = totals ? max(0n, resourceOf(r.bandwidthStake, totals.netLimit, totals.netWeight) - r.stakedBandwidthUsed) : 0n;
  let delegateBandwidthSun = 0n;
  let bandwidthBurnSun = 0n;
  // java-tron charges a transaction to one pool: staked, else free, else burn; it is not split.
  if (freeLeft < p.bandwidth && stakedLeft < p.bandwidth) {
    const wanted = p.staking && totals && r.activated ? extraStake(r.bandwidthStake, r.stakedBandwidthUsed, p.bandwidth, totals.netLimit, totals.netWeight, p.marginBps) : 0n;
    if (wanted > 0n && p.staking && wanted <= wholeTrx(p.staking.canDelegateBandwidth)) delegateBandwidthSun = wanted;
    else bandwidthBurnSun = p.bandwidth * p.prices.bandwidth;
  }

  // TRX the address must hold for what it burns; the fee wallet sends what it lacks.
  const needed = burnSun + bandwidthBurnSun;
  const lacking = max(0n, needed - r.balance);
  const topUps: TopUpPart[] = [];
  if (!r.activated) {
    // One transfer creates the account and brings what it will burn: any amount activates.
    const amount = max(p.activationSun, lacking);
    const energyPart = max(0n, lacking - bandwidthBurnSun);
    const bandwidthPart = lacking - energyPart;
    topUps.push({ kind: 'activation', amountSun: amount - lacking });
    if (bandwidthPart > 0n) topUps.push({ kind: 'bandwidth', amountSun: bandwidthPart });
    if (energyPart > 0n) topUps.push({ kind: 'energy', amountSun: energyPart });
  } else if (lacking > 0n) {
    if (!p.topUpAllowed) return { kind: 'waiting', reason: 'balance_short', detail: `the address needs ${needed} SUN for what it burns and holds ${r.balance}` };
    const energyPart = max(0n, lacking - bandwidthBurnSun);
    if (bandwidthBurnSun > 0n) topUps.push({ kind: 'bandwidth', amountSun: lacking - energyPart });
    if (energyPart > 0n) topUps.push({ kind: 'energy', amountSun: energyPart });
  }
  const topUpSun = topUps.reduce((sum, t) => sum + t.amountSun, 0n);
  if (topUpSun > 0n) {
    if (topUpSun > p.topUpMaxSun) return { kind: 'waiting', reason: 'top_up_over_limit', detail: `a top-up of ${topUpSun} SUN is over the limit of ${p.topUpMaxSun}` };
    if (p.feeWalletBalance === null) return { kind: 'waiting', reason: 'fee_wallet_unset', detail: `the address needs ${topUpSun} SUN and no fee wallet is configured` };
    const cost = topUpSun + (r.activated ? 0n : p.activationFeeSun);
    if (p.feeWalletBalance < cost) return { kind: 'waiting', reason: 'fee_wallet_short', detail: `the fee wallet holds ${p.feeWalletBalance} SUN, the top-up costs ${cost}` };
  }
  return { kind: 'plan', delegateEnergySun, energyFromStake, delegateBandwidthSun, burnEnergy, burnSun, bandwidthBurnSun, topUps, topUpSun };
}
