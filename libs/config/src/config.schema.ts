import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { NETWORK_NAMES, NetworkName } from './networks';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** The environment variables every service reads, as validated at boot. Defaults are the local stack's. */
export class EnvSchema {
  @IsIn(NETWORK_NAMES)
  TRON_NETWORK: NetworkName = 'devnet';

  /** Comma-separated node URLs, overriding the network preset's. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, { message: 'must be comma-separated http(s) URLs' })
  TRON_NODE_URLS?: string;

  /** Overrides the preset's canonical USDT contract (base58). */
  @IsOptional()
  @Matches(/^T[1-9A-HJ-NP-Za-km-z]{33}$/, { message: 'must be a base58 TRON address' })
  USDT_CONTRACT?: string;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key, so that several deployments (or test runs) share one Redis. */
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'must be 1-64 of A-Z a-z 0-9 : _ . -' })
  REDIS_PREFIX = 'tronpay:';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** How long SIGTERM waits for in-flight requests and messages before giving up. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** A message not acknowledged within this time is redelivered to another replica. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(3_600_000)
  TRANSPORT_VISIBILITY_TIMEOUT_MS = 30_000;

  /** Default deadline of a command sent with `send`. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  TRANSPORT_REQUEST_TIMEOUT_MS = 10_000;

  /** Messages one replica handles at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  TRANSPORT_CONCURRENCY = 64;

  /** Bootstrap admin API key (secret; ADMIN_API_KEY_FILE also works). */
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters' })
  ADMIN_API_KEY?: string;
}

/** Variables whose values are secrets: read from `NAME` or `NAME_FILE`, never shown. */
export const SECRET_VARS = ['ADMIN_API_KEY', 'DATABASE_URL', 'REDIS_URL'] as const;
