// Internal helpers for the issue-8 settings files (usdt, staking, sweep); not exported from the lib.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EnvSource } from './env';

const WHOLE_UNITS = /^(0|[1-9]\d{0,14})(\.\d{1,6})?$/;

/** `"12.5"` whole units (6 decimals, as TRX and USDT) to base units, or null when it is not one. */
export function wholeUnits(value: string): bigint | null {
  if (!WHOLE_UNITS.test(value)) return null;
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole + fraction.padEnd(6, '0'));
}

/** Reads `name` as whole units into `problems` when malformed. */
export function amountSetting(env: EnvSource, name: string, fallback: string, problems: string[]): bigint {
  const raw = env[name] === undefined || env[name] === '' ? fallback : (env[name] as string).trim();
  const parsed = wholeUnits(raw);
  if (parsed === null) {
    problems.push(`${name}: must be an amount in whole units with at most 6 decimals, such as "1.5"`);
    return 0n;
  }
  return parsed;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An optional wallet id (uuid, lower-cased). */
export function walletIdSetting(env: EnvSource, name: string, problems: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!UUID.test(raw.toLowerCase())) {
    problems.push(`${name}: must be a wallet id (uuid)`);
    return null;
  }
  return raw.toLowerCase();
}

/** Validates a class-validator schema of env variables; problems are reported by variable name. */
export function parseSchema<T extends object>(schema: new () => T, env: EnvSource, problems: string[]): T {
  const values = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = plainToInstance(schema, values, { exposeDefaultValues: true });
  for (const e of validateSync(parsed, { forbidUnknownValues: false })) {
    const reasons = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(`${e.property} `) ? m.slice(e.property.length + 1) : m));
    problems.push(`${e.property}: ${reasons.join('; ')}`);
  }
  return parsed;
}

export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

export const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : value;
};
