import { TransportRpcError } from '@tronpay/transport';

export type UsdtErrorCode =
  | 'invalid_address'
  | 'token_not_found'
  | 'token_not_registered'
  | 'token_metadata_mismatch'
  | 'not_a_token'
  | 'transfer_not_found'
  | 'idempotency_key_reused'
  | 'wallet_not_found'
  | 'invalid_request'
  | 'usdt_unknown';

/** The usdt service's errors; the code reaches callers over the transport (the gateway maps `*_not_found` to 404). */
export class UsdtError extends TransportRpcError {
  constructor(code: UsdtErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'UsdtError';
  }
}
