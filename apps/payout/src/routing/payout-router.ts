import { Inject, Injectable } from '@nestjs/common';
import type { PayoutFailureReason, PayoutRoute, PayoutRowStatus } from '@tronpay/models';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import type { RecipientRow } from '../recipients/recipient.view';
import type { DestinationFacts } from './destination-checks';
import { lookalikeOf } from './lookalike';
import { decideRoute } from './route-policy';

export interface RouteRequest {
  currency: 'TRX' | 'USDT';
  amount: bigint;
  /** base58 */
  destination: string;
  /** Asked for by id; `recipient` is what was found (undefined: no such recipient). */
  recipientId: string | null;
  recipient: RecipientRow | undefined;
  facts: DestinationFacts;
}

export interface Routed {
  status: Extract<PayoutRowStatus, 'pending_approval' | 'queued' | 'rejected'>;
  route: PayoutRoute;
  kycLevel: number;
  approvalsRequired: number;
  warnings: string[];
  failureReason: PayoutFailureReason | null;
  failureDetail: string | null;
}

export interface Totals {
  /** The recipient's and the destination's rolling 24 h totals before this payout, same currency. */
  recipient: bigint;
  destination: bigint;
}

/**
 * Routes one payout. The caller holds the advisory locks named by `lockKeys` (always taken in one
 * sorted order) and passes the rolling totals read under them, so concurrent payouts at a limit's
 * boundary are counted one after the other, never both against the same remainder.
 */
@Injectable()
export class PayoutRouter {
  constructor(@Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings) {}

  static destinationKey(currency: string, destination: string): string {
    return `destination:${currency}:${destination}`;
  }

  static recipientKey(currency: string, recipientId: string): string {
    return `recipient:${currency}:${recipientId}`;
  }

  /** Whether the totals matter at all: a payout refused for its destination or recipient is not weighed. */
  refusedOutright(r: RouteRequest): Routed | null {
    const level = r.recipient ? r.recipient.kyc_level : 0;
    const route: PayoutRoute = level === 0 ? 'v0' : 'kyc';
    const refuse = (reason: PayoutFailureReason, detail: string): Routed => ({ status: 'rejected', route, kycLevel: level, approvalsRequired: 0, warnings: [], failureReason: reason, failureDetail: detail });
    if (r.recipientId && !r.recipient) return refuse('unknown_recipient', `no recipient ${r.recipientId}`);
    if (r.facts.own) return refuse('own_address', "the destination is one of this system's own addresses (a deposit address, a wallet or a blocked address)");
    if (r.facts.contract && this.settings.destinations.contractPolicy !== 'hold') return refuse('destination_is_contract', 'the destination is a smart contract; tokens sent there are usually lost');
    return null;
  }

  route(r: RouteRequest, totals: Totals): Routed {
    const outright = this.refusedOutright(r);
    if (outright) return outright;
    const level = r.recipient ? r.recipient.kyc_level : 0;
    const route: PayoutRoute = level === 0 ? 'v0' : 'kyc';
    const decision = decideRoute(
      { currency: r.currency, amount: r.amount, kycLevel: r.recipient ? level : null, recipientTotal: totals.recipient, destinationTotal: totals.destination },
      this.settings.limits[r.currency],
    );
    if (decision.outcome === 'rejected') {
      return { status: 'rejected', route, kycLevel: level, approvalsRequired: 0, warnings: [], failureReason: decision.reason, failureDetail: decision.detail };
    }
    const warnings: string[] = [];
    const imitated = r.recipient ? lookalikeOf(r.destination, r.recipient.addresses) : null;
    if (imitated) warnings.push(`address_lookalike: the destination looks like the recipient's known address ${imitated} (same first and last 4 characters) but is not it`);
    if (r.facts.contract) warnings.push('destination_is_contract: the destination is a smart contract');
    // A warning holds the payout for a person to look at: at least one approval, whatever the route.
    const approvalsRequired = Math.max(decision.approvalsRequired, warnings.length ? 1 : 0);
    return {
      status: approvalsRequired > 0 ? 'pending_approval' : 'queued',
      route,
      kycLevel: level,
      approvalsRequired,
      warnings,
      failureReason: null,
      failureDetail: null,
    };
  }
}
