import { TransportRpcError } from '@tronpay/transport';

export type StakingErrorCode =
  | 'invalid_address'
  | 'invalid_amount'
  | 'wallet_not_stakeable'
  | 'insufficient_balance'
  | 'insufficient_stake'
  | 'insufficient_tron_power'
  | 'too_many_unfreezes'
  | 'nothing_to_withdraw'
  | 'nothing_to_cancel'
  | 'nothing_to_claim'
  | 'claim_too_soon'
  | 'delegation_locked'
  | 'delegation_not_found'
  | 'idempotency_key_reused'
  | 'lease_not_found'
  | 'lease_conflict';

/** The staking service's errors; the code reaches callers over the transport (the gateway maps them to 400/404/409/422). */
export class StakingError extends TransportRpcError {
  constructor(code: StakingErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'StakingError';
  }
}
