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

  /** Attempts of an event handler (one per visibility timeout) before the event goes to the service's dead-letter stream. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  TRANSPORT_EVENT_MAX_ATTEMPTS = 20;

  /** Bootstrap admin API key (secret; ADMIN_API_KEY_FILE also works). */
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters' })
  ADMIN_API_KEY?: string;

  /** API key sent to the nodes as `TRON-PRO-API-KEY` (secret; TRON_API_KEY_FILE also works). */
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  TRON_API_KEY?: string;

  /** Deadline of one request to one node; past it the pool tries the next node. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  TRON_NODE_TIMEOUT_MS = 5_000;

  /** Requests per second each node may receive (token bucket; TronGrid's free tier allows about 15). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  TRON_NODE_RATE_LIMIT = 15;

  /** A node whose head is this many blocks behind the best one is skipped. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  TRON_NODE_MAX_LAG_BLOCKS = 5;

  /** Consecutive failures that open a node's circuit breaker. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  TRON_NODE_BREAKER_FAILURES = 5;

  /** How long an open breaker waits before letting one trial request through. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  TRON_NODE_BREAKER_COOLDOWN_MS = 15_000;

  /** Rounds over the node list before a call fails (with backoff between rounds). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  TRON_NODE_RETRIES = 3;

  /** Interval of the per-node head-height check. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  TRON_NODE_HEALTH_INTERVAL_MS = 5_000;

  /** Transfers of at most this many base units are not credited (0: only zero-value ones are dropped). */
  @Matches(/^\d{1,78}$/, { message: 'must be a non-negative integer in base units' })
  TRON_DUST_THRESHOLD = '0';

  /** Blocks read per `getblockbylimitnext` call while catching up (the node allows 100). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  TRON_SCANNER_BATCH_SIZE = 50;

  /** How often the scanner asks for a new head block. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  TRON_SCANNER_POLL_MS = 1_000;

  /** Leader lease of the scanner in Redis; a standby takes over this long after the leader dies. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(300_000)
  TRON_SCANNER_LEASE_TTL_MS = 10_000;

  /** Where a scanner with no cursor starts: a block number, or the head when unset. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  TRON_SCANNER_START_BLOCK?: number;

  /** `false` keeps this replica out of the scanner election (it still serves the transport). */
  @IsIn(['true', 'false'])
  TRON_SCANNER_ENABLED: 'true' | 'false' = 'true';
}

/** Variables whose values are secrets: read from `NAME` or `NAME_FILE`, never shown. */
export const SECRET_VARS = ['ADMIN_API_KEY', 'DATABASE_URL', 'REDIS_URL', 'TRON_API_KEY'] as const;
