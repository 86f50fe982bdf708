import { EnvSource, processEnv, readSecret } from './env';
import { ConfigError } from './load-config';

export type KekSource =
  /** `previous`: the KEK being rotated away from (WALLET_KEK_PREVIOUS), still accepted for opening. */
  | { mode: 'key'; kek: Buffer; previous?: Buffer }
  | { mode: 'passphrase'; scryptN: number };

export interface WalletConfig {
  /**
   * The key-encryption key: `WALLET_KEK` / `WALLET_KEK_FILE` (32 bytes as 64 hex characters or
   * base64), and during a rotation the old one (`WALLET_KEK_PREVIOUS`); or, with
   * `WALLET_KEK_MODE=passphrase`, derived with scrypt from an operator passphrase given to
   * `wallet.unlock.v1` (the service then starts locked and signs nothing until unlocked).
   */
  kek: KekSource;
  signing: {
    /** Where sweeps may go besides the hot wallets (`WALLET_TREASURY_ADDRESS`, base58 or hex); none: sweeps refused. */
    treasury: string | null;
    /** Highest fee_limit a signed transaction may carry (`WALLET_FEE_LIMIT_MAX_SUN`, default 30 TRX). */
    feeLimitCeilingSun: bigint;
    /** Furthest expiration a signed transaction may carry (`WALLET_MAX_EXPIRATION_SECONDS`, default 600). */
    maxExpirationMs: number;
  };
}

function decodeKek(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(v)) {
    const b = Buffer.from(v, 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

function signingSettings(env: EnvSource, problems: string[]): WalletConfig['signing'] {
  const treasury = env['WALLET_TREASURY_ADDRESS'] || null;
  if (treasury && !/^(T[1-9A-HJ-NP-Za-km-z]{33}|41[0-9a-fA-F]{40})$/.test(treasury)) {
    problems.push('WALLET_TREASURY_ADDRESS: must be a base58 (T...) or hex (41...) TRON address');
  }
  const fee = env['WALLET_FEE_LIMIT_MAX_SUN'] ?? '30000000';
  if (!/^\d{1,15}$/.test(fee)) problems.push('WALLET_FEE_LIMIT_MAX_SUN: must be a whole number of SUN');
  const expiration = Number(env['WALLET_MAX_EXPIRATION_SECONDS'] ?? 600);
  if (!Number.isInteger(expiration) || expiration < 60 || expiration > 86_400) {
    problems.push('WALLET_MAX_EXPIRATION_SECONDS: must be a whole number from 60 to 86400');
  }
  return {
    treasury,
    feeLimitCeilingSun: /^\d{1,15}$/.test(fee) ? BigInt(fee) : 0n,
    maxExpirationMs: expiration * 1000,
  };
}

/** The wallet service's own settings; the KEK never leaves this object except into the key store. */
export function loadWalletConfig(env: EnvSource = processEnv()): WalletConfig {
  const problems: string[] = [];
  const signing = signingSettings(env, problems);
  const mode = env['WALLET_KEK_MODE'] ?? 'key';
  if (mode === 'passphrase') {
    const n = Number(env['WALLET_KEK_SCRYPT_N'] ?? 2 ** 17);
    if (!Number.isInteger(n) || n < 2 ** 14 || n > 2 ** 22 || (n & (n - 1)) !== 0) {
      problems.push('WALLET_KEK_SCRYPT_N: must be a power of two from 16384 to 4194304');
    }
    if (env['WALLET_KEK'] || env['WALLET_KEK_FILE']) problems.push('WALLET_KEK: not used with WALLET_KEK_MODE=passphrase; unset it');
    if (problems.length) throw new ConfigError(problems);
    return { kek: { mode: 'passphrase', scryptN: n }, signing };
  }
  if (mode !== 'key') problems.push('WALLET_KEK_MODE: must be key or passphrase');
  let raw: string | undefined;
  try {
    raw = readSecret(env, 'WALLET_KEK');
  } catch (e) {
    problems.push((e as Error).message);
  }
  const kek = raw ? decodeKek(raw) : null;
  if (!raw) problems.push('WALLET_KEK: required (32 bytes as 64 hex characters or base64), or WALLET_KEK_FILE');
  else if (!kek) problems.push('WALLET_KEK: must be 32 bytes as 64 hex characters or base64');
  let previous: Buffer | null = null;
  try {
    const rawPrevious = readSecret(env, 'WALLET_KEK_PREVIOUS');
    if (rawPrevious) {
      previous = decodeKek(rawPrevious);
      if (!previous) problems.push('WALLET_KEK_PREVIOUS: must be 32 bytes as 64 hex characters or base64');
    }
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length || !kek) throw new ConfigError(problems);
  return { kek: { mode: 'key', kek, ...(previous ? { previous } : {}) }, signing };
}
