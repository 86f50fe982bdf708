import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { CircuitBreaker, CircuitState } from './circuit-breaker';
import { NodeHttp, NodeTimeoutError } from './node-http';
import { NodeAnswerError, NodePoolError } from './node-pool.errors';
import { NodeOutcome, NodePoolMetrics } from './node-pool.metrics';
import { TokenBucket } from './token-bucket';

export interface NodePoolOptions {
  urls: string[];
  apiKey?: string;
  timeoutMs: number;
  ratePerSecond: number;
  maxLagBlocks: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  retries: number;
  healthIntervalMs: number;
  /** First backoff between rounds over the node list; doubles each round, capped at 2 s. */
  backoffMs?: number;
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  /** Rejects an answer that is valid JSON but not usable (a block the node does not have yet): the next node is asked. */
  accept?: (body: unknown) => boolean;
}

export interface NodeHealth {
  node: string;
  healthy: boolean;
  headBlock: number | null;
  lagging: boolean;
  circuit: CircuitState;
  latencyMs: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  requests: number;
  failures: number;
}

class NodeEntry {
  head: number | null = null;
  latencyMs: number | null = null;
  lastError: string | null = null;
  requests = 0;
  failures = 0;
  constructor(
    readonly url: string,
    readonly label: string,
    readonly bucket: TokenBucket,
    readonly breaker: CircuitBreaker,
  ) {}
}

/** A node's name in metrics, logs and /stats: scheme, host and port only (a key may sit in a path or query). */
export function nodeLabel(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid-url';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every request to TRON goes through here: nodes in configured order, skipping those whose
 * circuit is open or that lag the best head, each under its own rate limit and deadline;
 * a failed request moves on to the next node, and whole rounds are retried with backoff.
 */
export class NodePool implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NodePool');
  private readonly nodes: NodeEntry[];
  private readonly metrics: NodePoolMetrics;
  private healthTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: NodePoolOptions,
    private readonly http: NodeHttp,
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    if (options.urls.length === 0) throw new Error('the node pool needs at least one node URL');
    this.metrics = new NodePoolMetrics(registry);
    this.nodes = options.urls.map(
      (url) =>
        new NodeEntry(
          url.replace(/\/+$/, ''),
          nodeLabel(url),
          new TokenBucket(options.ratePerSecond, options.ratePerSecond, now()),
          new CircuitBreaker(options.breakerFailures, options.breakerCooldownMs),
        ),
    );
  }

  onModuleInit(): void {
    void this.checkHealth();
    this.healthTimer = setInterval(() => void this.checkHealth(), this.options.healthIntervalMs);
    this.healthTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
  }

  /** POSTs `body` to `path` (e.g. `/wallet/getblockbynum`) on the first node that gives a usable answer. */
  async call<T>(path: string, body: unknown = {}, options: CallOptions = {}): Promise<T> {
    let lastReason = 'no node available';
    const backoff = this.options.backoffMs ?? 100;
    for (let round = 0; round < this.options.retries; round++) {
      if (round > 0) await sleep(Math.min(2000, backoff * 2 ** (round - 1)) * (0.5 + Math.random() / 2));
      for (let waited = 0; waited < 50; waited++) {
        let soonestToken = Infinity;
        let tried = false;
        for (const node of this.ranked()) {
          const now = this.now();
          if (!node.breaker.allow(now)) continue;
          const wait = node.bucket.take(now);
          if (wait > 0) {
            node.breaker.cancelTrial();
            this.metrics.requests.inc({ node: node.label, outcome: 'rate_limited' });
            soonestToken = Math.min(soonestToken, wait);
            continue;
          }
          tried = true;
          try {
            return (await this.send(node, path, body, options)) as T;
          } catch (e) {
            lastReason = `${node.label}: ${(e as Error).message}`;
          }
        }
        if (tried || soonestToken === Infinity) break;
        await sleep(soonestToken);
      }
    }
    throw new NodePoolError(path, lastReason);
  }

  /** The highest head any node reported at its last check (null before the first answer). */
  bestHead(): number | null {
    const heads = this.nodes.map((n) => n.head).filter((h): h is number => h !== null);
    return heads.length ? Math.max(...heads) : null;
  }

  health(): NodeHealth[] {
    const now = this.now();
    const best = this.bestHead();
    return this.nodes.map((n) => {
      const circuit = n.breaker.state(now);
      const lagging = this.isLagging(n, best);
      return {
        node: n.label,
        healthy: circuit === 'closed' && n.head !== null && !lagging,
        headBlock: n.head,
        lagging,
        circuit,
        latencyMs: n.latencyMs,
        consecutiveFailures: n.breaker.consecutiveFailures,
        lastError: n.lastError,
        requests: n.requests,
        failures: n.failures,
      };
    });
  }

  /** Asks every node for its head (header only), outside the fail-over path: each answer is about that node. */
  async checkHealth(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        const now = this.now();
        if (!node.breaker.allow(now)) return this.metrics.circuit.set({ node: node.label }, 2);
        if (node.bucket.take(now) > 0) return node.breaker.cancelTrial();
        try {
          const block = (await this.send(node, '/wallet/getblock', { detail: false }, {
            accept: (b) => typeof blockNumberOf(b) === 'number',
          })) as unknown;
          node.head = blockNumberOf(block) as number;
          this.metrics.head.set({ node: node.label }, node.head);
        } catch {
          // recorded by send()
        }
      }),
    );
  }

  private ranked(): NodeEntry[] {
    const best = this.bestHead();
    const fresh = this.nodes.filter((n) => !this.isLagging(n, best));
    // A lagging node is still better than none (it may have what we ask for).
    return [...fresh, ...this.nodes.filter((n) => this.isLagging(n, best))];
  }

  private isLagging(node: NodeEntry, best: number | null): boolean {
    return best !== null && node.head !== null && best - node.head > this.options.maxLagBlocks;
  }

  private async send(node: NodeEntry, path: string, body: unknown, options: CallOptions): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.method !== 'GET') headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers['TRON-PRO-API-KEY'] = this.options.apiKey;
    const started = this.now();
    const startedHr = process.hrtime.bigint();
    node.requests += 1;
    let outcome: NodeOutcome = 'ok';
    try {
      const res = await this.http.request(node.url + path, {
        method: options.method ?? 'POST',
        headers,
        body: options.method === 'GET' ? undefined : JSON.stringify(body),
        timeoutMs: this.options.timeoutMs,
      });
      if (res.status < 200 || res.status >= 300) throw new NodeAnswerError('http_error', `HTTP ${res.status}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.body);
      } catch {
        throw new NodeAnswerError('bad_json', 'the answer is not JSON');
      }
      if (isNodeError(parsed)) throw new NodeAnswerError('node_error', `node error: ${String(parsed.Error).slice(0, 200)}`);
      if (options.accept && !options.accept(parsed)) throw new NodeAnswerError('incomplete', 'the node does not have it (yet)');
      node.breaker.success();
      node.lastError = null;
      node.latencyMs = this.now() - started;
      return parsed;
    } catch (e) {
      outcome = e instanceof NodeAnswerError ? e.outcome : e instanceof NodeTimeoutError ? 'timeout' : 'network_error';
      node.lastError = `${outcome}: ${(e as Error).message}`;
      // A node that lacks a block it will soon have is behind, not broken: no breaker strike.
      if (outcome === 'incomplete') node.breaker.success();
      else {
        node.failures += 1;
        node.breaker.failure(this.now());
        if (node.breaker.state(this.now()) === 'open') this.logger.warn(`circuit open for ${node.label} (${node.lastError})`);
      }
      throw e;
    } finally {
      this.metrics.requests.inc({ node: node.label, outcome });
      this.metrics.duration.observe({ node: node.label }, Number(process.hrtime.bigint() - startedHr) / 1e9);
      this.metrics.circuit.set({ node: node.label }, circuitValue(node.breaker.state(this.now())));
    }
  }
}

function isNodeError(body: unknown): body is { Error: unknown } {
  return typeof body === 'object' && body !== null && 'Error' in body;
}

function circuitValue(state: CircuitState): number {
  return state === 'closed' ? 0 : state === 'half_open' ? 1 : 2;
}

/** `block_header.raw_data.number` (omitted by the node for block 0). */
export function blockNumberOf(block: unknown): number | undefined {
  if (typeof block !== 'object' || block === null || !('blockID' in block)) return undefined;
  const header = (block as { block_header?: { raw_data?: { number?: number } } }).block_header;
  return header?.raw_data?.number ?? 0;
}
