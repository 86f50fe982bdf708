import { ApiError } from '../chain/chain.errors';

/** A whole-unit decimal string ("10", "0.5") to base units; the admin API's amount format. */
export function parseUnits(value: unknown, decimals: number, field: string): bigint {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) {
    throw new ApiError(`${field} must be a decimal string such as "10" or "0.5"`);
  }
  const [whole, frac = ''] = value.split('.');
  if (frac.length > decimals) throw new ApiError(`${field} has more than ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

export function formatUnits(amount: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const whole = amount / base;
  const frac = (amount % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole.toString();
}
