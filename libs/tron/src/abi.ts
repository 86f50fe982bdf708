import { utils } from 'tronweb';

/** ABI-encodes values (addresses as `41...`/`T...`, integers as bigint or decimal strings); hex without 0x. */
export function encodeParams(types: string[], values: unknown[]): string {
  const converted = values.map((v) => (typeof v === 'bigint' ? v.toString() : v));
  return utils.abi.encodeParams(types, converted).replace(/^0x/, '');
}

/** ABI-decodes hex into values: integers as bigint, addresses as `41...` hex. Throws on short input. */
export function decodeParams(types: string[], hex: string): unknown[] {
  const names = types.map((_, i) => `p${i}`);
  const decoded = utils.abi.decodeParams(names, types, '0x' + hex.replace(/^0x/, ''), false) as Record<string, unknown>;
  return names.map((n, i) => {
    const v = decoded[n];
    if (types[i].startsWith('uint') || types[i].startsWith('int')) return BigInt(String(v));
    if (types[i] === 'address' && typeof v === 'string') return v.toLowerCase().replace(/^0x/, '41');
    return v;
  });
}
