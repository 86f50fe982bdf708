import 'reflect-metadata';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { AppConfig, loadConfig } from '@tronpay/config';
import { migrationsFor } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { extractBlockTransfers } from '@tronpay/tron';
import { RedisStreamsClient, streamKeys } from '@tronpay/transport';
import { FetchNodeHttp, NodeHttp } from '../../nodes/node-http';
import { NodePool } from '../../nodes/node-pool.service';
import { TokenRegistry } from '../../tokens/token-registry.service';
import { TokensRepository } from '../../tokens/tokens.repository';
import { WatchRepository } from '../../watch/watch.repository';
import { WatchService } from '../../watch/watch.service';
import { ChainReader } from '../chain-reader';
import { TransportEventPublisher } from '../event-publisher';
import { OutboxPublisher } from '../outbox.publisher';
import { ScannerRepository } from '../scanner.repository';
import { ScannerOptions, ScannerService } from '../scanner.service';
import type { EventPublisher, TransferExtractor } from '../scanner.tokens';

/**
 * Builds tron-client's scanner parts by hand on a given PostgreSQL, Redis and node set (no Nest),
 * so specs can run several replicas, kill one, and read what was emitted. Used by specs only.
 */
export interface HarnessOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  nodeUrls: string[];
  env?: Record<string, string>;
}

export interface Replica {
  scanner: ScannerService;
  watch: WatchService;
  tokens: TokenRegistry;
  pool: NodePool;
  outbox: OutboxPublisher;
  /** This replica's metrics (the service's /metrics registry in production). */
  registry: Registry;
  close(options?: { releaseLease?: boolean }): Promise<void>;
}

export interface DepositEventRecord {
  pattern: string;
  eventId: string;
  txId: string;
  logIndex: number;
  token: string;
  to: string;
  from: string;
  amount: string;
  blockNumber: number;
  blockHash: string;
}

export class ScannerHarness {
  readonly config: AppConfig;
  readonly database: Database;
  private readonly client: RedisStreamsClient;
  private readonly reader: Redis;
  private readonly replicas: Replica[] = [];

  constructor(private readonly options: HarnessOptions) {
    this.config = loadConfig('tron-client', {
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.redisPrefix,
      TRON_NODE_URLS: options.nodeUrls.join(','),
      TRON_SCANNER_POLL_MS: '50',
      TRON_SCANNER_LEASE_TTL_MS: '1500',
      TRON_SCANNER_START_BLOCK: '0',
      TRON_NODE_TIMEOUT_MS: '1000',
      TRON_NODE_RATE_LIMIT: '100000',
      ...options.env,
    });
    this.database = new Database({ url: options.databaseUrl, schema: 'tron_client', poolSize: 10, applicationName: 'scanner-spec' });
    this.client = new RedisStreamsClient({ url: options.redisUrl, prefix: options.redisPrefix });
    this.reader = new Redis(options.redisUrl);
  }

  async migrate(): Promise<void> {
    await this.database.migrate(migrationsFor('tron-client'));
  }

  /** One scanner replica; `publisher` and `http` may be swapped to inject failures. */
  replica(
    overrides: { publisher?: EventPublisher; http?: NodeHttp; chain?: ChainReader; extract?: TransferExtractor; scanner?: Partial<ScannerOptions> } = {},
  ): Replica {
    const c = this.config;
    const registry = new Registry();
    const pool = new NodePool(
      {
        urls: c.network.nodeUrls,
        timeoutMs: c.tron.nodeTimeoutMs,
        ratePerSecond: c.tron.nodeRateLimitPerSecond,
        maxLagBlocks: c.tron.nodeMaxLagBlocks,
        breakerFailures: c.tron.nodeBreakerFailures,
        breakerCooldownMs: c.tron.nodeBreakerCooldownMs,
        retries: c.tron.nodeRetries,
        healthIntervalMs: c.tron.nodeHealthIntervalMs,
        backoffMs: 20,
      },
      overrides.http ?? new FetchNodeHttp(),
      registry,
    );
    const watch = new WatchService(new WatchRepository(this.database));
    const tokens = new TokenRegistry(c, new TokensRepository(this.database), pool);
    const outbox = new OutboxPublisher(this.database, overrides.publisher ?? new TransportEventPublisher(this.client));
    const redis = new Redis(this.options.redisUrl);
    const scanner = new ScannerService(
      {
        network: c.network.name,
        redisPrefix: c.redis.prefix,
        enabled: true,
        batchSize: c.tron.scannerBatchSize,
        pollMs: c.tron.scannerPollMs,
        leaseTtlMs: c.tron.scannerLeaseTtlMs,
        startBlock: c.tron.scannerStartBlock,
        dustThreshold: BigInt(c.tron.dustThreshold),
        ...overrides.scanner,
      },
      {
        redis,
        chain: overrides.chain ?? new ChainReader(pool),
        repository: new ScannerRepository(this.database),
        watch,
        tokens,
        outbox,
        extract: overrides.extract ?? extractBlockTransfers,
        registry,
      },
    );
    const replica: Replica = {
      scanner,
      watch,
      tokens,
      pool,
      outbox,
      registry,
      close: async (options) => {
        await scanner.stop(options);
        redis.disconnect();
      },
    };
    this.replicas.push(replica);
    return replica;
  }

  /** Every deposit event on the transport's streams, in order of emission per pattern. */
  async events(pattern?: string): Promise<DepositEventRecord[]> {
    const patterns = pattern ? [pattern] : ['deposit.detected', 'deposit.confirmed', 'deposit.reverted'];
    const out: DepositEventRecord[] = [];
    for (const p of patterns) {
      const entries = await this.reader.xrange(streamKeys(this.options.redisPrefix).event(p), '-', '+');
      for (const [, fields] of entries) {
        const data = fields[fields.indexOf('data') + 1];
        out.push({ pattern: p, ...(JSON.parse(data) as Omit<DepositEventRecord, 'pattern'>) });
      }
    }
    return out;
  }

  async deposits(): Promise<Array<{ tx_id: string; log_index: number; to_address: string; amount: string; status: string; token: string }>> {
    const { rows } = await this.database.pool.query('select tx_id, log_index, to_address, amount, status, token from tron_client.deposits order by id');
    return rows;
  }

  async cursor(): Promise<{ head: number; solid: number; fence: number } | null> {
    const { rows } = await this.database.pool.query('select head_number, solid_number, fence from tron_client.scan_cursor');
    return rows[0] ? { head: Number(rows[0].head_number), solid: Number(rows[0].solid_number), fence: Number(rows[0].fence) } : null;
  }

  /**
   * The cursor is at `head` and every event written so far is on the transport. The cursor alone
   * is not enough: a block's events are published just after the commit that moved the cursor.
   */
  async settledAt(head: number): Promise<boolean> {
    const { rows } = await this.database.pool.query(
      'select (select head_number from tron_client.scan_cursor) as head, (select count(*) from tron_client.outbox where published_at is null) as pending',
    );
    return rows[0].head !== null && Number(rows[0].head) === head && Number(rows[0].pending) === 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.splice(0).map((r) => r.close().catch(() => undefined)));
    await this.client.close();
    this.reader.disconnect();
    await this.database.close();
  }
}

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
