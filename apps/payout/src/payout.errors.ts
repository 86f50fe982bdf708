import { TransportRpcError } from '@tronpay/transport';

export type PayoutErrorCode =
  | 'payout_not_found'
  | 'recipient_not_found'
  | 'recipient_conflict'
  | 'idempotency_key_reused'
  | 'payout_state_conflict'
  | 'self_approval'
  | 'duplicate_approval'
  | 'invalid_destination'
  | 'invalid_cursor'
  | 'tron_client_unavailable'
  | 'wallet_unavailable';

/**
 * The payout service's errors; the code reaches the gateway over the transport (`*_not_found` 404,
 * `*_conflict` and `idempotency_key_reused` 409, `*_unavailable` 503, the rest 422).
 */
export class PayoutError extends TransportRpcError {
  constructor(code: PayoutErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'PayoutError';
  }
}
