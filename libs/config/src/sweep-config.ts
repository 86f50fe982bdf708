import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { amountSetting, parseSchema, toBool, toInt, walletIdSetting } from './amount-settings';
import { EnvSource, processEnv } from './env';
import { ConfigError } from './load-config';

const ADDRESS = /^(T[1-9A-HJ-NP-Za-km-z]{33}|41[0-9a-fA-F]{40})$/;

class SweepEnvSchema {
  @Transform(toBool)
  @IsBoolean()
  SWEEP_ENABLED = true;

  /** How often each gateway replica plans sweeps of confirmed deposits and hands due ones to the queue. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SWEEP_INTERVAL_MS = 5_000;

  /** How often a running sweep looks at its lease and transfers again. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(600_000)
  SWEEP_POLL_MS = 2_000;

  /** A sweep that waits (energy short and the fee cap too low, a service away) asks again after this. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  SWEEP_RETRY_MS = 30_000;

  /** Sweep jobs one gateway replica runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  SWEEP_CONCURRENCY = 8;
}

export interface SweepConfig {
  /** False when SWEEP_ENABLED=false or no treasury is configured (the wallet would refuse every sweep). */
  enabled: boolean;
  /** The cold treasury address (`WALLET_TREASURY_ADDRESS`, the wallet's own sweep destination), as given. */
  coldAddress: string | null;
  /** The hot wallet filled first, up to its caps; null: everything to the cold address. */
  hotWalletId: string | null;
  /** Base units (6 decimals) the hot wallet may hold after a sweep. */
  hotCap: { usdt: bigint; trx: bigint };
  /** Unswept confirmed deposits on one address must add up to this (base units) before it is swept. */
  threshold: { usdt: bigint; trx: bigint };
  intervalMs: number;
  pollMs: number;
  retryMs: number;
  concurrency: number;
}

/** The gateway's sweep settings. */
export function loadSweepConfig(env: EnvSource = processEnv()): SweepConfig {
  const problems: string[] = [];
  const parsed = parseSchema(SweepEnvSchema, env, problems);
  const coldAddress = env['WALLET_TREASURY_ADDRESS']?.trim() || null;
  if (coldAddress && !ADDRESS.test(coldAddress)) problems.push('WALLET_TREASURY_ADDRESS: must be a base58 (T...) or hex (41...) TRON address');
  const hotWalletId = walletIdSetting(env, 'SWEEP_HOT_WALLET_ID', problems);
  const hotCap = {
    usdt: amountSetting(env, 'SWEEP_HOT_CAP_USDT', '0', problems),
    trx: amountSetting(env, 'SWEEP_HOT_CAP_TRX', '0', problems),
  };
  const threshold = {
    usdt: amountSetting(env, 'SWEEP_USDT_THRESHOLD', '1', problems),
    trx: amountSetting(env, 'SWEEP_TRX_THRESHOLD', '1', problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return {
    enabled: parsed.SWEEP_ENABLED && coldAddress !== null,
    coldAddress,
    hotWalletId,
    hotCap,
    threshold,
    intervalMs: parsed.SWEEP_INTERVAL_MS,
    pollMs: parsed.SWEEP_POLL_MS,
    retryMs: parsed.SWEEP_RETRY_MS,
    concurrency: parsed.SWEEP_CONCURRENCY,
  };
}
