import { ConfigError, PayoutConfig } from '@tronpay/config';
import { Address } from '@tronpay/tron';

export const PAYOUT_SETTINGS = Symbol('PAYOUT_SETTINGS');

/** The payout service's settings, with the operator's blocked addresses parsed (checksums checked) into base58. */
export interface PayoutSettings extends PayoutConfig {
  blocked: ReadonlySet<string>;
}

/** Throws ConfigError (the boot stops naming the variable) for an address whose checksum is wrong. */
export function payoutSettings(config: PayoutConfig): PayoutSettings {
  const blocked = new Set<string>();
  const bad: string[] = [];
  for (const a of config.treasury.blockedAddresses) {
    const parsed = Address.tryParse(a);
    if (parsed) blocked.add(parsed.base58);
    else bad.push(a);
  }
  if (bad.length) throw new ConfigError([`PAYOUT_BLOCKED_ADDRESSES: not a valid TRON address (checksum?): ${bad.join(', ')}`]);
  return { ...config, blocked };
}
