import { hash } from 'node:crypto';

// A dedicated hex -> base58check converter for 21-byte addresses. The scanner converts every
// address of every block; the general BigInt coder in ../address.ts costs ~10 us per address,
// this one ~1-2 us: the 200-bit number is held as 16-bit limbs and divided by 58^4 per pass.
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIVISOR = 58 ** 4;
const LIMBS = 13; // 25 bytes = 200 bits, in 16-bit limbs (the top limb holds 8 bits)

/** `41...` hex (42 lower-case hex digits, unchecked) to base58check. */
export function hexAddressToBase58(hex: string): string {
  const body = Buffer.from(hex, 'hex');
  const check = hash('sha256', hash('sha256', body, 'buffer'), 'buffer');
  const bytes = Buffer.concat([body, check.subarray(0, 4)]);
  const limbs = new Array<number>(LIMBS);
  limbs[0] = bytes[0];
  for (let i = 0; i < 12; i++) limbs[i + 1] = (bytes[1 + 2 * i] << 8) | bytes[2 + 2 * i];

  let out = '';
  let start = 0;
  while (start < LIMBS) {
    let rem = 0;
    for (let i = start; i < LIMBS; i++) {
      const cur = rem * 65536 + limbs[i];
      limbs[i] = Math.floor(cur / DIVISOR);
      rem = cur - limbs[i] * DIVISOR;
    }
    while (start < LIMBS && limbs[start] === 0) start++;
    for (let k = 0; k < 4; k++) {
      out = ALPHABET[rem % 58] + out;
      rem = Math.floor(rem / 58);
    }
  }
  // The last pass may leave leading zero digits; a 0x41 first byte means no real leading zeros.
  return out.replace(/^1+/, '');
}
