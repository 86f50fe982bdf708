import type { PAYOUT_EVENT_TYPES, PayoutRowStatus } from '@tronpay/models';

type PayoutEventType = (typeof PAYOUT_EVENT_TYPES)[number];

/**
 * Every move a payout may make. `signed` and `broadcast` may go back to `queued` only when their
 * transaction is proved off chain (expired), so that a new one may be built; `signed` may end
 * `confirmed` or `failed` directly when the chain's answer overtakes our record of the broadcast
 * (a crash between sending and recording it). Final states have no way out.
 */
export const TRANSITIONS: Readonly<Record<PayoutRowStatus, readonly PayoutRowStatus[]>> = {
  pending_approval: ['queued', 'cancelled', 'rejected'],
  queued: ['signed', 'cancelled', 'rejected', 'failed'],
  signed: ['broadcast', 'confirmed', 'failed', 'queued'],
  broadcast: ['confirmed', 'failed', 'queued'],
  confirmed: [],
  failed: [],
  rejected: [],
  cancelled: [],
};

export function canMove(from: PayoutRowStatus, to: PayoutRowStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinal(status: PayoutRowStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** The webhook a status announces (API.md's payout.* types); queued, signed and cancelled announce nothing. */
export const EVENT_OF: Readonly<Partial<Record<PayoutRowStatus, PayoutEventType>>> = {
  pending_approval: 'payout.pending_approval',
  broadcast: 'payout.broadcast',
  confirmed: 'payout.confirmed',
  failed: 'payout.failed',
  rejected: 'payout.rejected',
};

/** Statuses whose amount counts toward the rolling 24 h limits (what was not refused and may still be, or was, paid). */
export const COUNTED_STATUSES: readonly PayoutRowStatus[] = ['pending_approval', 'queued', 'signed', 'broadcast', 'confirmed'];
