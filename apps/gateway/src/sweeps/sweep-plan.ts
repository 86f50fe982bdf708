/**
 * What a sweep moves and where, pure. A sweep takes an address's whole solidified balance of one
 * token: the hot wallet first, up to its cap, the rest to the cold treasury.
 *
 * TRX rule: an address is left with nothing that costs more to move than it is worth. Each
 * transfer costs its bandwidth (about 270 bytes): free when the address's staked or daily free
 * bandwidth covers it, else burned at getTransactionFee per byte, and a destination that does
 * not exist yet costs the account-creation fees. The sweep sends the balance less those costs;
 * when nothing would be left to send, it sends nothing. What stays behind is therefore 0 SUN
 * (bandwidth covered), or less than one transfer's burn (kept as this margin, never burned), or a
 * balance that could not pay for its own move.
 */

export interface Destination {
  destination: 'hot' | 'cold';
  to: string;
}

export interface LegPlan extends Destination {
  amount: bigint;
}

export interface HotWallet {
  address: string;
  /** What it holds of the token now. */
  balance: bigint;
  cap: bigint;
}

/** Bytes a TRX transfer takes once signed (136 raw bytes, one signature, the result allowance), with a few to spare. */
export const TRX_TRANSFER_BYTES = 280n;

/** The hot wallet up to its cap (a part below `minLeg` is not worth its own transfer), the rest cold. */
export function splitLegs(amount: bigint, cold: string, hot: HotWallet | null, minLeg: bigint): LegPlan[] {
  if (amount <= 0n) return [];
  const room = hot ? (hot.cap > hot.balance ? hot.cap - hot.balance : 0n) : 0n;
  let hotPart = amount < room ? amount : room;
  if (hotPart < minLeg && hotPart !== amount) hotPart = 0n;
  const legs: LegPlan[] = [];
  if (hot && hotPart > 0n) legs.push({ destination: 'hot', to: hot.address, amount: hotPart });
  if (amount - hotPart > 0n) legs.push({ destination: 'cold', to: cold, amount: amount - hotPart });
  return legs;
}

export interface TrxCosts {
  /** Bandwidth the address has now (staked and daily free). */
  freeBandwidth: bigint;
  stakedBandwidth: bigint;
  /** SUN per byte burned (getTransactionFee). */
  bytePrice: bigint;
  /** Creating a destination account: getCreateNewAccountFeeInSystemContract + getCreateAccountFee. */
  createAccountFee: bigint;
  /** Destinations that already exist on chain. */
  activated: ReadonlySet<string>;
}

/** SUN the given transfers cost the sender, in order: each uses staked, else free, bandwidth while it lasts, else burns. */
export function trxLegsCost(legs: readonly Destination[], c: TrxCosts): bigint {
  let staked = c.stakedBandwidth;
  let free = c.freeBandwidth;
  let cost = 0n;
  for (const leg of legs) {
    if (!c.activated.has(leg.to)) {
      // Creating an account never uses the free allowance: staked bandwidth or the creation fee.
      cost += c.createAccountFee;
      if (staked >= TRX_TRANSFER_BYTES) staked -= TRX_TRANSFER_BYTES;
      continue;
    }
    if (staked >= TRX_TRANSFER_BYTES) staked -= TRX_TRANSFER_BYTES;
    else if (free >= TRX_TRANSFER_BYTES) free -= TRX_TRANSFER_BYTES;
    else cost += TRX_TRANSFER_BYTES * c.bytePrice;
  }
  return cost;
}

/** The TRX legs of a sweep of `balance` (see the rule above); empty when nothing is worth moving. */
export function trxLegs(balance: bigint, cold: string, hot: HotWallet | null, minLeg: bigint, c: TrxCosts): LegPlan[] {
  // The destinations the split would use, costed; then the split again on what is left once those are paid.
  const firstGuess = splitLegs(balance, cold, hot, minLeg);
  for (const shape of [firstGuess, firstGuess.slice(-1)]) {
    if (shape.length === 0) continue;
    const shapeCost = trxLegsCost(shape, c);
    const sendable = balance - shapeCost;
    if (sendable <= 0n) continue;
    const legs = splitLegs(sendable, cold, hot, minLeg);
    if (sameDestinations(legs, shape)) return legs;
    // Once the costs are paid the split takes another shape (a leg fewer, or hot instead of cold).
    // It is affordable when it costs no more than the shape costed, and grows by what it saves,
    // but never by a leg: growing may bring back the costly leg, whose few SUN then stay behind.
    const legsCost = trxLegsCost(legs, c);
    if (legsCost > shapeCost) continue;
    const grown = splitLegs(balance - legsCost, cold, hot, minLeg).slice(0, legs.length);
    return sameDestinations(grown, legs) ? grown : legs;
  }
  return [];
}

function sameDestinations(a: readonly Destination[], b: readonly Destination[]): boolean {
  return a.length === b.length && a.every((l, i) => l.to === b[i].to);
}
