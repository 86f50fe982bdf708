import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';
import { EnvSource, processEnv, readSecret } from './env';
import { ConfigError } from './load-config';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** The gateway's own variables, validated at boot like the common ones. */
class GatewayEnvSchema {
  /** An invoice counts as paid when at least amount x (1 - bps / 10,000) arrived. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5_000)
  GATEWAY_UNDERPAYMENT_TOLERANCE_BPS = 0;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  GATEWAY_EXPIRY_INTERVAL_MS = 5_000;

  /**
   * An invoice is marked expired this long after `expiresAt`, so that a payment the chain took
   * in time but the scanner reports a little later still counts (chain time decides).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600)
  GATEWAY_EXPIRY_GRACE_SECONDS = 30;

  /** Requests one API key may make per window, across every gateway replica. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  GATEWAY_RATE_LIMIT = 100;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  GATEWAY_RATE_LIMIT_WINDOW_MS = 1_000;

  /** How long an Idempotency-Key is remembered (at least a day, as API.md promises). */
  @Transform(toInt)
  @IsInt()
  @Min(24)
  @Max(24 * 90)
  GATEWAY_IDEMPOTENCY_TTL_HOURS = 48;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Delay before the first retry; each next one doubles, up to WEBHOOK_RETRY_MAX_DELAY_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 30_000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  WEBHOOK_RETRY_MAX_DELAY_MS = 6 * 3_600_000;

  /** Retries stop this long after the event was created (3 days by default). */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(30 * 86_400_000)
  WEBHOOK_RETRY_WINDOW_MS = 3 * 86_400_000;

  /** Deliveries one gateway replica makes at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  WEBHOOK_CONCURRENCY = 32;

  /** Deliveries to one endpoint at once per replica, so a slow receiver cannot hold every slot. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_ENDPOINT_CONCURRENCY = 4;

  /** How often pending deliveries the queue does not hold (lost, or never enqueued) are handed to it again. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  WEBHOOK_RELAY_INTERVAL_MS = 5_000;
}

export interface GatewayConfig {
  /** Derives each webhook endpoint's signing secret (HMAC-SHA256); never shown, never stored. */
  secretKey: Buffer;
  invoices: { underpaymentToleranceBps: number; defaultExpirySeconds: number; expiryIntervalMs: number; expiryGraceSeconds: number };
  rateLimit: { limit: number; windowMs: number };
  idempotency: { ttlHours: number };
  webhooks: {
    timeoutMs: number;
    retryBaseMs: number;
    retryMaxDelayMs: number;
    retryWindowMs: number;
    concurrency: number;
    endpointConcurrency: number;
    relayIntervalMs: number;
  };
}

function decodeKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64,128}$/.test(v) && v.length % 2 === 0) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43,88}={0,2}$/.test(v)) {
    const b = Buffer.from(v, 'base64');
    if (b.length >= 32) return b;
  }
  return null;
}

/** The gateway's settings; GATEWAY_SECRET_KEY (or GATEWAY_SECRET_KEY_FILE) is required. */
export function loadGatewayConfig(env: EnvSource = processEnv()): GatewayConfig {
  const problems: string[] = [];
  let raw: string | undefined;
  try {
    raw = readSecret(env, 'GATEWAY_SECRET_KEY');
  } catch (e) {
    problems.push((e as Error).message);
  }
  const secretKey = raw ? decodeKey(raw) : null;
  if (!raw) problems.push('GATEWAY_SECRET_KEY: required (at least 32 bytes as hex or base64), or GATEWAY_SECRET_KEY_FILE');
  else if (!secretKey) problems.push('GATEWAY_SECRET_KEY: must be at least 32 bytes as hex or base64');

  const values = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = plainToInstance(GatewayEnvSchema, values, { exposeDefaultValues: true });
  for (const e of validateSync(parsed, { forbidUnknownValues: false })) {
    const reasons = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(`${e.property} `) ? m.slice(e.property.length + 1) : m));
    problems.push(`${e.property}: ${reasons.join('; ')}`);
  }
  if (problems.length || !secretKey) throw new ConfigError(problems);
  return {
    secretKey,
    invoices: {
      underpaymentToleranceBps: parsed.GATEWAY_UNDERPAYMENT_TOLERANCE_BPS,
      defaultExpirySeconds: 900,
      expiryIntervalMs: parsed.GATEWAY_EXPIRY_INTERVAL_MS,
      expiryGraceSeconds: parsed.GATEWAY_EXPIRY_GRACE_SECONDS,
    },
    rateLimit: { limit: parsed.GATEWAY_RATE_LIMIT, windowMs: parsed.GATEWAY_RATE_LIMIT_WINDOW_MS },
    idempotency: { ttlHours: parsed.GATEWAY_IDEMPOTENCY_TTL_HOURS },
    webhooks: {
      timeoutMs: parsed.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: parsed.WEBHOOK_RETRY_BASE_MS,
      retryMaxDelayMs: parsed.WEBHOOK_RETRY_MAX_DELAY_MS,
      retryWindowMs: parsed.WEBHOOK_RETRY_WINDOW_MS,
      concurrency: parsed.WEBHOOK_CONCURRENCY,
      endpointConcurrency: parsed.WEBHOOK_ENDPOINT_CONCURRENCY,
      relayIntervalMs: parsed.WEBHOOK_RELAY_INTERVAL_MS,
    },
  };
}

/** The gateway's settings as `/config` shows them: the key only as set. */
export function redactGatewayConfig(config: GatewayConfig): Record<string, unknown> {
  return { ...config, secretKey: 'set' };
}
