import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { EnvSchema, SECRET_VARS } from './config.schema';
import { EnvSource, processEnv, readSecret } from './env';
import { NETWORK_PRESETS, NetworkName } from './networks';
import { DEFAULT_PORTS, ServiceName, schemaOf } from './services';

export interface AppConfig {
  service: { name: ServiceName; host: string; port: number; shutdownTimeoutMs: number };
  network: { name: NetworkName; nodeUrls: string[]; usdtContract: string | null; allowsLocalWebhooks: boolean };
  database: { url: string; schema: string; poolSize: number };
  redis: { url: string; prefix: string };
  transport: { visibilityTimeoutMs: number; requestTimeoutMs: number; concurrency: number; eventMaxAttempts: number };
  tron: TronConfig;
  log: { level: string };
  secrets: { adminApiKey?: string; tronApiKey?: string };
}

/** Node pool and scanner settings (tron-client). */
export interface TronConfig {
  nodeTimeoutMs: number;
  nodeRateLimitPerSecond: number;
  nodeMaxLagBlocks: number;
  nodeBreakerFailures: number;
  nodeBreakerCooldownMs: number;
  nodeRetries: number;
  nodeHealthIntervalMs: number;
  /** Base units as a decimal string: the config stays JSON-serialisable (/config), callers use BigInt(). */
  dustThreshold: string;
  scannerBatchSize: number;
  scannerPollMs: number;
  scannerLeaseTtlMs: number;
  scannerStartBlock: number | null;
  scannerEnabled: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((e) => {
    // class-validator starts its messages with the property name; say it once.
    const reasons = Object.values(e.constraints ?? {})
      .map((m) => (m.startsWith(`${e.property} `) ? m.slice(e.property.length + 1) : m))
      .join('; ');
    return `${e.property}: ${reasons}`;
  });
}

/** Validates the environment once and returns it as a typed, grouped object; throws ConfigError naming every bad variable. */
export function loadConfig(service: ServiceName, env: EnvSource = processEnv()): AppConfig {
  const problems: string[] = [];
  const raw: Record<string, string | undefined> = { ...env };
  for (const name of SECRET_VARS) {
    try {
      raw[name] = readSecret(env, name);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  for (const [k, v] of Object.entries(raw)) if (v === '') delete raw[k];

  const parsed = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  problems.push(...describe(validateSync(parsed, { forbidUnknownValues: false })));
  if (problems.length) throw new ConfigError(problems);

  const preset = NETWORK_PRESETS[parsed.TRON_NETWORK];
  return {
    service: {
      name: service,
      host: parsed.HOST,
      port: parsed.PORT ?? DEFAULT_PORTS[service],
      shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    },
    network: {
      name: preset.name,
      nodeUrls: parsed.TRON_NODE_URLS ? parsed.TRON_NODE_URLS.split(',') : [...preset.nodeUrls],
      usdtContract: parsed.USDT_CONTRACT ?? preset.usdtContract,
      allowsLocalWebhooks: preset.allowsLocalWebhooks,
    },
    database: { url: parsed.DATABASE_URL, schema: schemaOf(service), poolSize: parsed.DATABASE_POOL_SIZE },
    redis: { url: parsed.REDIS_URL, prefix: parsed.REDIS_PREFIX },
    transport: {
      visibilityTimeoutMs: parsed.TRANSPORT_VISIBILITY_TIMEOUT_MS,
      requestTimeoutMs: parsed.TRANSPORT_REQUEST_TIMEOUT_MS,
      concurrency: parsed.TRANSPORT_CONCURRENCY,
      eventMaxAttempts: parsed.TRANSPORT_EVENT_MAX_ATTEMPTS,
    },
    tron: {
      nodeTimeoutMs: parsed.TRON_NODE_TIMEOUT_MS,
      nodeRateLimitPerSecond: parsed.TRON_NODE_RATE_LIMIT,
      nodeMaxLagBlocks: parsed.TRON_NODE_MAX_LAG_BLOCKS,
      nodeBreakerFailures: parsed.TRON_NODE_BREAKER_FAILURES,
      nodeBreakerCooldownMs: parsed.TRON_NODE_BREAKER_COOLDOWN_MS,
      nodeRetries: parsed.TRON_NODE_RETRIES,
      nodeHealthIntervalMs: parsed.TRON_NODE_HEALTH_INTERVAL_MS,
      dustThreshold: BigInt(parsed.TRON_DUST_THRESHOLD).toString(),
      scannerBatchSize: parsed.TRON_SCANNER_BATCH_SIZE,
      scannerPollMs: parsed.TRON_SCANNER_POLL_MS,
      scannerLeaseTtlMs: parsed.TRON_SCANNER_LEASE_TTL_MS,
      scannerStartBlock: parsed.TRON_SCANNER_START_BLOCK ?? null,
      scannerEnabled: parsed.TRON_SCANNER_ENABLED === 'true',
    },
    log: { level: parsed.LOG_LEVEL },
    // The node key only appears when set, so services that never talk to a node show no such secret.
    secrets: { adminApiKey: parsed.ADMIN_API_KEY, ...(parsed.TRON_API_KEY ? { tronApiKey: parsed.TRON_API_KEY } : {}) },
  };
}

/** Hides the password of a connection URL, keeping where it points. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}

/** The configuration as `/config` may show it: secrets replaced by whether they are set. */
export function redactConfig(config: AppConfig): Record<string, unknown> {
  return {
    ...config,
    database: { ...config.database, url: redactUrl(config.database.url) },
    redis: { ...config.redis, url: redactUrl(config.redis.url) },
    secrets: Object.fromEntries(
      Object.entries(config.secrets).map(([k, v]) => [k, v === undefined ? 'unset' : 'set']),
    ),
  };
}
