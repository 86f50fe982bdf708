import { keccak256, sha256 } from './hash';
import { fromHex } from './hex';

// Base58check is hand-rolled over node:crypto because the devnet converts addresses on hot
// paths (visible=true answers); tronweb's converter hashes in JS and is several times slower.
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ALPHABET_MAP = new Map([...ALPHABET].map((c, i) => [c, BigInt(i)]));
const HEX_ADDRESS = /^41[0-9a-fA-F]{40}$/;
const BASE58_ADDRESS = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

function encodeBase58(bytes: Buffer): string {
  let n = BigInt('0x' + (bytes.toString('hex') || '0'));
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

function decodeBase58(text: string): Buffer | null {
  let n = 0n;
  for (const c of text) {
    const v = ALPHABET_MAP.get(c);
    if (v === undefined) return null;
    n = n * 58n + v;
  }
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const leading = text.length - text.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(leading), Buffer.from(n === 0n ? '' : hex, 'hex')]);
}

/** `41...` hex (21 bytes) to base58check `T...`. */
export function hexToBase58(hexAddress: string): string {
  const body = fromHex(hexAddress);
  const check = sha256(sha256(body)).subarray(0, 4);
  return encodeBase58(Buffer.concat([body, check]));
}

/** Base58check `T...` to lower-case `41...` hex, or null when the checksum or form is wrong. */
export function base58ToHex(base58: string): string | null {
  if (!BASE58_ADDRESS.test(base58)) return null;
  const raw = decodeBase58(base58);
  if (!raw || raw.length !== 25) return null;
  const body = raw.subarray(0, 21);
  const check = sha256(sha256(body)).subarray(0, 4);
  if (!check.equals(raw.subarray(21))) return null;
  return body.toString('hex');
}

/** Either spelling of an address to lower-case `41...` hex, or null when it is not a TRON address. */
export function normalizeAddress(address: unknown): string | null {
  if (typeof address !== 'string') return null;
  const a = address.startsWith('0x') ? '41' + address.slice(2) : address;
  if (HEX_ADDRESS.test(a)) return a.toLowerCase();
  return base58ToHex(a);
}

export function isTronAddress(address: unknown): boolean {
  return normalizeAddress(address) !== null;
}

/** The TRON address (hex) of an uncompressed secp256k1 public key (65 bytes, 0x04 prefix, or 64 bytes). */
export function addressFromPublicKey(publicKey: Uint8Array): string {
  const body = publicKey.length === 65 ? publicKey.subarray(1) : publicKey;
  return '41' + keccak256(body).subarray(12).toString('hex');
}
