import { preview, TronValueError } from './tron-value.errors';

/** TRX has 6 decimals: 1 TRX = 1,000,000 SUN. USDT on TRON has 6 too. */
export const TRX_DECIMALS = 6;
export const SUN_PER_TRX = 1_000_000n;
/** Base units (SUN for TRX, the token's smallest unit for TRC20): always a bigint, never a float. */
export type Sun = bigint;
export const MAX_UINT256 = 2n ** 256n - 1n;

/** uint256 has 78 decimal digits; anything longer is an attack or a typo, not an amount. */
const MAX_DIGITS = 78;
const MAX_DECIMALS = 77;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export interface ParseDecimalOptions {
  /** Accept a leading `-` (balances deltas, never payment amounts). Default false. */
  allowNegative?: boolean;
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`decimals must be an integer from 0 to ${MAX_DECIMALS}, got ${decimals}`);
  }
}

function invalid(input: unknown, why: string): TronValueError {
  return new TronValueError('invalid_amount', `${preview(input)} is not a valid amount: ${why}`);
}

/**
 * A decimal string in whole units (`"12.5"`) to base units (`12500000n` with 6 decimals), exactly.
 * Only digits with at most one `.` between digits, at most `decimals` fractional digits; no
 * exponent, sign, spaces, separators or empty parts. Numbers are refused: a float already lost digits.
 */
export function parseDecimal(input: unknown, decimals: number, options: ParseDecimalOptions = {}): bigint {
  checkDecimals(decimals);
  if (typeof input !== 'string') throw invalid(input, 'expected a decimal string such as "10.5"');
  if (input === '') throw invalid(input, 'empty');
  if (input.length > MAX_DIGITS + decimals + 2) throw invalid(input, 'too long');
  const match = DECIMAL.exec(input);
  if (!match) {
    if (/[eE]/.test(input)) throw invalid(input, 'exponents are not accepted');
    if (/\s/.test(input)) throw invalid(input, 'spaces are not accepted');
    if (/^[+-]/.test(input)) throw invalid(input, options.allowNegative ? 'only a leading "-" is accepted' : 'signs are not accepted');
    throw invalid(input, 'expected digits with an optional "." and fractional digits, such as "10.5"');
  }
  const [, sign, whole, fraction = ''] = match;
  if (sign && !options.allowNegative) throw invalid(input, 'must not be negative');
  if (fraction.length > decimals) throw invalid(input, `at most ${decimals} decimal places`);
  if (whole.length > MAX_DIGITS) throw invalid(input, 'too many digits');
  const units = BigInt(whole + fraction.padEnd(decimals, '0'));
  if (units > MAX_UINT256) throw invalid(input, 'larger than a uint256');
  return sign ? -units : units;
}

/** Base units to the canonical decimal string: no leading zeros, no trailing fractional zeros, "0" for zero. */
export function formatDecimal(amount: bigint, decimals: number): string {
  checkDecimals(decimals);
  if (typeof amount !== 'bigint') throw new TypeError('formatDecimal takes a bigint');
  if (amount < 0n) return '-' + formatDecimal(-amount, decimals);
  const digits = amount.toString();
  if (decimals === 0) return digits;
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const fraction = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** `"1.5"` TRX to 1,500,000 SUN. */
export function parseTrx(input: unknown): bigint {
  return parseDecimal(input, TRX_DECIMALS);
}

/** 1,500,000 SUN to `"1.5"`. */
export function formatTrx(sun: bigint): string {
  return formatDecimal(sun, TRX_DECIMALS);
}
