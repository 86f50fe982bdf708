import { decodeParams } from '@tronpay/tron';

export interface TokenMetadata {
  name: string | null;
  symbol: string | null;
  decimals: number | null;
  totalSupply: bigint | null;
}

const PRINTABLE = /^[\x20-\x7e]{1,64}$/;

/** An ABI `string` return, or a legacy `bytes32` one (some early tokens), as printable text; null for anything else. */
export function decodeText(hex: string): string | null {
  if (!hex) return null;
  try {
    const [text] = decodeParams(['string'], hex) as [string];
    if (PRINTABLE.test(text)) return text;
  } catch {
    // not an ABI string: maybe bytes32
  }
  if (/^[0-9a-fA-F]{64}$/.test(hex)) {
    const text = Buffer.from(hex, 'hex').toString('utf8').replace(/\0+$/, '');
    if (PRINTABLE.test(text)) return text;
  }
  return null;
}

/** A uint return word; null when it is not one. */
export function decodeUint(hex: string): bigint | null {
  if (!/^[0-9a-fA-F]{64}/.test(hex)) return null;
  return BigInt('0x' + hex.slice(0, 64));
}

/** `decimals()` as a token number (0-77, what a uint256 amount can carry); null when out of range. */
export function decodeDecimals(hex: string): number | null {
  const n = decodeUint(hex);
  return n !== null && n <= 77n ? Number(n) : null;
}
