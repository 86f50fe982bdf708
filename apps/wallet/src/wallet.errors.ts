import { TransportRpcError } from '@tronpay/transport';

export type WalletErrorCode =
  | 'key_integrity'
  | 'wrong_kek'
  | 'locked'
  | 'vault_not_found'
  | 'wallet_not_found'
  | 'invalid_mnemonic'
  | 'invalid_private_key'
  | 'policy_refused'
  | 'not_passphrase_mode'
  | 'wrong_passphrase';

/** The wallet module's errors; the code reaches callers over the transport, the message never holds key material. */
export class WalletError extends TransportRpcError {
  constructor(code: WalletErrorCode, message: string) {
    super(code, message);
    this.name = 'WalletError';
  }
}
