import { CurrencyLimits, formatUnits } from '@tronpay/config';
import type { PayoutFailureReason, PayoutRoute } from '@tronpay/models';

export interface RouteInput {
  currency: 'TRX' | 'USDT';
  /** base units */
  amount: bigint;
  /** The recipient's KYC level; null when the payout names no recipient. */
  kycLevel: number | null;
  /** Rolling 24 h totals before this payout, same currency (payouts not rejected, cancelled or failed). */
  recipientTotal: bigint;
  destinationTotal: bigint;
}

export type RouteDecision =
  | { outcome: 'rejected'; route: PayoutRoute; reason: PayoutFailureReason; detail: string }
  | { outcome: 'accepted'; route: PayoutRoute; approvalsRequired: 0 | 1 | 2 };

const units = (amount: bigint, currency: string) => `${formatUnits(amount)} ${currency}`;

/**
 * The routing table. No recipient or KYC level 0 -> V0: the amount, the recipient's and the
 * destination's rolling 24 h totals within the V0 limits, no approval. Level 1-3 -> KYC: that
 * level's per-payout and daily (per recipient) limits; one approval above its threshold, two above
 * the second. Any amount above the hot wallet's hourly cap can never be sent: rejected at once.
 */
export function decideRoute(input: RouteInput, limits: CurrencyLimits): RouteDecision {
  const { amount, currency } = input;
  const route: PayoutRoute = input.kycLevel === null || input.kycLevel === 0 ? 'v0' : 'kyc';
  const reject = (reason: PayoutFailureReason, detail: string): RouteDecision => ({ outcome: 'rejected', route, reason, detail });
  if (amount > limits.hourlyVelocity) {
    return reject('velocity_cap', `${units(amount, currency)} is above the hot wallet's hourly cap of ${units(limits.hourlyVelocity, currency)}`);
  }
  if (route === 'v0') {
    const v0 = limits.v0;
    if (amount > v0.maxPerPayout) return reject('v0_amount_limit', `${units(amount, currency)} is above the V0 limit of ${units(v0.maxPerPayout, currency)} per payout`);
    if (input.kycLevel !== null && input.recipientTotal + amount > v0.daily) {
      return reject('v0_daily_limit_recipient', `the recipient's 24 h total would be ${units(input.recipientTotal + amount, currency)}, above the V0 limit of ${units(v0.daily, currency)}`);
    }
    if (input.destinationTotal + amount > v0.daily) {
      return reject('v0_daily_limit_destination', `the destination's 24 h total would be ${units(input.destinationTotal + amount, currency)}, above the V0 limit of ${units(v0.daily, currency)}`);
    }
    return { outcome: 'accepted', route, approvalsRequired: 0 };
  }
  const level = limits.kyc[(input.kycLevel as number) - 1];
  if (amount > level.maxPerPayout) {
    return reject('kyc_amount_limit', `${units(amount, currency)} is above the KYC level ${input.kycLevel} limit of ${units(level.maxPerPayout, currency)} per payout`);
  }
  if (input.recipientTotal + amount > level.daily) {
    return reject('kyc_daily_limit', `the recipient's 24 h total would be ${units(input.recipientTotal + amount, currency)}, above the KYC level ${input.kycLevel} limit of ${units(level.daily, currency)}`);
  }
  const approvalsRequired = amount > level.secondApprovalAbove ? 2 : amount > level.approvalAbove ? 1 : 0;
  return { outcome: 'accepted', route, approvalsRequired };
}
