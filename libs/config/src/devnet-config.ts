import { EnvSource, processEnv } from './env';

/** Settings of the local TRON devnet emulator (apps/devnet). */
export interface DevnetConfig {
  host: string;
  port: number;
  /** Block interval; 0 = blocks only on `POST /admin/mine`. */
  blockMs: number;
  /** Solidified height = head - solidLag (18 as with 27 witnesses). */
  solidLag: number;
  /** Stake 2.0 unfreeze delay (mainnet: 14 days). */
  unfreezeDelayDays: number;
  /** When set, the unfreeze delay in seconds instead (a shortened delay for tests and demos). */
  unfreezeDelaySeconds?: number;
  /** Number of pre-funded accounts created at start. */
  accounts: number;
  /** TRX each pre-funded account starts with (whole TRX). */
  accountTrx: number;
  /** USDT each pre-funded account starts with (whole USDT). */
  accountUsdt: number;
  /** Seed the pre-funded keys derive from, so that every start gives the same accounts. */
  seed: string;
  /** Serve this recorded chain (JSON lines) instead of producing blocks. */
  replayFile?: string;
  /** Print the pre-funded accounts at start. */
  quiet: boolean;
}

export class DevnetConfigError extends Error {}

const FLAGS: Record<string, string> = {
  '--port': 'DEVNET_PORT',
  '--host': 'DEVNET_HOST',
  '--block-ms': 'DEVNET_BLOCK_MS',
  '--solid-lag': 'DEVNET_SOLID_LAG',
  '--unfreeze-delay-days': 'DEVNET_UNFREEZE_DELAY_DAYS',
  '--unfreeze-delay-seconds': 'DEVNET_UNFREEZE_DELAY_SECONDS',
  '--accounts': 'DEVNET_ACCOUNTS',
  '--replay': 'DEVNET_REPLAY_FILE',
  '--seed': 'DEVNET_SEED',
};

function int(source: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new DevnetConfigError(`${name}: must be an integer, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new DevnetConfigError(`${name}: must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Reads DEVNET_* variables, then lets `--port 9091`-style (or `--port=9091`) flags override them. */
export function loadDevnetConfig(env: EnvSource = processEnv(), argv: readonly string[] = []): DevnetConfig {
  const source: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = FLAGS[flag];
    if (!name) continue;
    const value = inline ?? argv[++i];
    if (value === undefined) throw new DevnetConfigError(`${flag}: needs a value`);
    source[name] = value;
  }
  return {
    host: source.DEVNET_HOST || '0.0.0.0',
    port: int(source, 'DEVNET_PORT', 9090, 0, 65535),
    blockMs: int(source, 'DEVNET_BLOCK_MS', 3000, 0, 3_600_000),
    solidLag: int(source, 'DEVNET_SOLID_LAG', 18, 0, 10_000),
    unfreezeDelayDays: int(source, 'DEVNET_UNFREEZE_DELAY_DAYS', 14, 0, 365),
    ...(source.DEVNET_UNFREEZE_DELAY_SECONDS ? { unfreezeDelaySeconds: int(source, 'DEVNET_UNFREEZE_DELAY_SECONDS', 0, 0, 365 * 86_400) } : {}),
    accounts: int(source, 'DEVNET_ACCOUNTS', 10, 1, 1000),
    accountTrx: int(source, 'DEVNET_ACCOUNT_TRX', 1_000_000, 0, 1_000_000_000),
    accountUsdt: int(source, 'DEVNET_ACCOUNT_USDT', 1_000_000, 0, 1_000_000_000),
    seed: source.DEVNET_SEED || 'tronpay-devnet',
    replayFile: source.DEVNET_REPLAY_FILE || undefined,
    quiet: source.DEVNET_QUIET === '1' || source.DEVNET_QUIET === 'true',
  };
}
