import { utils } from 'tronweb';

const toAbiValue = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** An element of an `address[]`: tronweb converts top-level addresses only. */
const toAbiAddress = (v: unknown): unknown =>
  typeof v === 'string' && /^41[0-9a-fA-F]{40}$/.test(v) ? '0x' + v.slice(2) : typeof v === 'string' && v.startsWith('T') ? '0x' + utils.address.toHex(v).slice(2) : v;

/** ABI-encodes values (addresses as `41...`/`T...`, integers as bigint or decimal strings, one-level arrays of those); hex without 0x. */
export function encodeParams(types: string[], values: unknown[]): string {
  const converted = values.map((v, i) => {
    if (!Array.isArray(v)) return toAbiValue(v);
    return types[i].startsWith('address[') ? v.map(toAbiAddress) : v.map(toAbiValue);
  });
  return utils.abi.encodeParams(types, converted).replace(/^0x/, '');
}

/** ABI-decodes hex into values: integers as bigint, addresses as `41...` hex. Throws on short input. */
export function decodeParams(types: string[], hex: string): unknown[] {
  const names = types.map((_, i) => `p${i}`);
  const decoded = utils.abi.decodeParams(names, types, '0x' + hex.replace(/^0x/, ''), false) as Record<string, unknown>;
  const scalar = (type: string, v: unknown): unknown => {
    if (type.startsWith('uint') || type.startsWith('int')) return BigInt(String(v));
    if (type === 'address' && typeof v === 'string') return v.toLowerCase().replace(/^0x/, '41');
    return v;
  };
  return names.map((n, i) => {
    const v = decoded[n];
    const array = /^(.*)\[\d*\]$/.exec(types[i]);
    if (array && Array.isArray(v)) return Array.from(v, (e: unknown) => scalar(array[1], e));
    return scalar(types[i], v);
  });
}
