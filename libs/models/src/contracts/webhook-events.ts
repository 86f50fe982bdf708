import 'reflect-metadata';
import { IsIn, IsISO8601, IsObject, Matches } from 'class-validator';

/** Every webhook event type (API.md), plus `invoice.payment_reverted`: a head-block payment undone by a reorg. */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.partially_paid',
  'invoice.paid',
  'invoice.confirmed',
  'invoice.expired',
  'invoice.late_payment',
  'invoice.payment_reverted',
  'payout.pending_approval',
  'payout.broadcast',
  'payout.confirmed',
  'payout.failed',
  'payout.rejected',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const PAYOUT_EVENT_TYPES = [
  'payout.pending_approval',
  'payout.broadcast',
  'payout.confirmed',
  'payout.failed',
  'payout.rejected',
] as const satisfies readonly WebhookEventType[];

/**
 * `payout.status.v1` (event, payout -> gateway): a payout reached a state merchants hear of.
 * The gateway stores it in its webhook outbox under `eventId`, so a re-delivery is one event.
 */
export const PAYOUT_STATUS_EVENT = 'payout.status.v1';

export class PayoutStatusEvent {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'eventId must be a uuid' })
  eventId: string;

  @IsIn(PAYOUT_EVENT_TYPES)
  type: (typeof PAYOUT_EVENT_TYPES)[number];

  /** The payout as `GET /v1/payouts/:id` shows it. */
  @IsObject()
  payout: Record<string, unknown>;

  @IsISO8601()
  occurredAt: string;
}
