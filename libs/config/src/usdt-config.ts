import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { parseSchema, toInt } from './amount-settings';
import { EnvSource, processEnv } from './env';
import { ConfigError } from './load-config';

class UsdtEnvSchema {
  /** Transfers the usdt service builds expire this long after their reference block (keep under WALLET_MAX_EXPIRATION_SECONDS). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  USDT_TX_EXPIRATION_SECONDS = 300;

  /** How often open transfers are checked with tron-client until they end. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  USDT_FOLLOW_INTERVAL_MS = 1_000;

  /** fee_limit = energy estimate x energy price x (1 + this / 10,000): a cap, not a charge. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  USDT_FEE_LIMIT_MARGIN_BPS = 1_000;
}

export interface UsdtConfig {
  transfers: { expirationMs: number; followIntervalMs: number; feeLimitMarginBps: number };
}

/** The usdt service's own settings. */
export function loadUsdtConfig(env: EnvSource = processEnv()): UsdtConfig {
  const problems: string[] = [];
  const parsed = parseSchema(UsdtEnvSchema, env, problems);
  if (problems.length) throw new ConfigError(problems);
  return {
    transfers: {
      expirationMs: parsed.USDT_TX_EXPIRATION_SECONDS * 1000,
      followIntervalMs: parsed.USDT_FOLLOW_INTERVAL_MS,
      feeLimitMarginBps: parsed.USDT_FEE_LIMIT_MARGIN_BPS,
    },
  };
}
