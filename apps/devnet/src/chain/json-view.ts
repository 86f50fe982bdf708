import { hexToBase58 } from '@tronpay/tron';

const ADDRESS_KEYS = new Set([
  'address',
  'owner_address',
  'to_address',
  'receiver_address',
  'contract_address',
  'origin_address',
  'vote_address',
  'witness_address',
  'account_address',
  'from',
  'to',
  'account',
]);
const ADDRESS_LIST_KEYS = new Set(['fromAccounts', 'toAccounts', 'approved_list']);
const HEX_ADDRESS = /^41[0-9a-f]{40}$/;

/** java-tron's `visible=true` spelling: every address field in base58 instead of `41...` hex. */
export function toVisible(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    return ADDRESS_LIST_KEYS.has(key) ? value.map((v) => toVisible(v, 'address')) : value.map((v) => toVisible(v, key));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toVisible(v, k);
    return out;
  }
  if (typeof value === 'string' && ADDRESS_KEYS.has(key) && HEX_ADDRESS.test(value)) return hexToBase58(value);
  return value;
}

/** Drops proto3 defaults (0, '', false, empty lists, undefined) the way java-tron's JSON printer does. */
export function omitDefaults<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === 0 || v === 0n || v === '' || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = typeof v === 'bigint' ? Number(v) : v;
  }
  return out as Partial<T>;
}
