import { accountFromPrivateKey, sha256Hex, type TronAccount } from '@tronpay/tron';

/** Deterministic keys: the same seed gives the same pre-funded accounts, witnesses and faucet on every start. */
export function deriveAccount(seed: string, role: string, index: number): TronAccount {
  for (let attempt = 0; ; attempt++) {
    const key = sha256Hex(Buffer.from(`${seed}:${role}:${index}:${attempt}`, 'utf8'));
    try {
      return accountFromPrivateKey(key);
    } catch {
      // A digest outside the curve order (odds ~2^-128): try the next one.
    }
  }
}

export function deriveAccounts(seed: string, role: string, count: number): TronAccount[] {
  return Array.from({ length: count }, (_, i) => deriveAccount(seed, role, i));
}
