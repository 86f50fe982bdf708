import { normalizeAddress } from '../address';
import { hexAddressToBase58 } from './base58-address';

// Base58check costs a few us per address (two sha256) and the same addresses (USDT, exchanges)
// recur in every block, so conversions are memoised; the map is dropped when full to bound memory.
const MAX_ENTRIES = 50_000;
const cache = new Map<string, string>();
const HEX_ADDRESS = /^41[0-9a-f]{40}$/;

/** Lower-case `41...` hex to base58, memoised. */
export function base58OfHex(hex: string): string {
  let b58 = cache.get(hex);
  if (b58 === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    b58 = hexAddressToBase58(hex);
    cache.set(hex, b58);
  }
  return b58;
}

/** A contract field's address (hex, or base58 when the node answered with visible=true) as base58; null if invalid. */
export function base58OfField(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const lower = value.toLowerCase();
  if (HEX_ADDRESS.test(lower)) return base58OfHex(lower);
  const hex = normalizeAddress(value);
  return hex === null ? null : base58OfHex(hex);
}
