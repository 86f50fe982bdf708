import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';
import type { TokenRegistry } from '../tokens/token-registry.service';
import type { WatchService } from '../watch/watch.service';
import { BlockProcessor } from './block-processor';
import type { ChainReader } from './chain-reader';
import type { OutboxPublisher } from './outbox.publisher';
import { FencedOutError } from './scanner.errors';
import { ScannerLease } from './scanner-lease';
import { ScannerMetrics } from './scanner.metrics';
import type { Cursor, ScannerRepository } from './scanner.repository';
import type { TransferExtractor } from './scanner.tokens';

export interface ScannerOptions {
  network: string;
  redisPrefix: string;
  enabled: boolean;
  batchSize: number;
  pollMs: number;
  leaseTtlMs: number;
  startBlock: number | null;
  dustThreshold: bigint;
}

export interface ScannerDeps {
  redis: Redis;
  chain: ChainReader;
  repository: ScannerRepository;
  watch: WatchService;
  tokens: TokenRegistry;
  outbox: OutboxPublisher;
  extract: TransferExtractor;
  registry: Registry;
}

/**
 * The block scanner of one network. Every replica runs this loop; only the lease holder scans,
 * the others poll the lease and take over within about a TTL when the leader dies.
 */
export class ScannerService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Scanner');
  private readonly lease: ScannerLease;
  private readonly metrics: ScannerMetrics;
  private readonly processor: BlockProcessor;
  private leading = false;
  private stopped = false;
  private loop?: Promise<void>;
  private renewTimer?: NodeJS.Timeout;
  private cursor: Cursor | null = null;
  private lastHead: number | null = null;
  private lastSolid: number | null = null;
  private lastError: string | null = null;
  private wake?: () => void;

  constructor(
    private readonly options: ScannerOptions,
    private readonly deps: ScannerDeps,
  ) {
    this.lease = new ScannerLease(deps.redis, options.redisPrefix, options.network, options.leaseTtlMs, async () => {
      return (await deps.repository.cursor(options.network))?.fence ?? 0;
    });
    this.metrics = new ScannerMetrics(deps.registry);
    this.processor = new BlockProcessor({
      network: options.network,
      batchSize: options.batchSize,
      chain: deps.chain,
      repository: deps.repository,
      extract: deps.extract,
      metrics: this.metrics,
      refresh: async () => {
        await deps.watch.refresh();
        await deps.tokens.refresh();
      },
      filter: {
        isWatched: (a) => deps.watch.has(a),
        isCreditedToken: (c) => deps.tokens.isCredited(c),
        dustThreshold: options.dustThreshold,
      },
      publish: () => deps.outbox.publishPending(),
      stillLeading: () => this.leading && !this.stopped,
    });
  }

  /** After every module's init: the migrations have run. */
  onApplicationBootstrap(): void {
    if (this.options.enabled) this.start();
  }

  /** Before the runtime closes PostgreSQL and the transport, which the block in hand still needs. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  onApplicationShutdown(): void {
    this.deps.redis.disconnect();
  }

  start(): void {
    this.stopped = false;
    this.loop ??= this.run();
  }

  /**
   * Stops after the block in hand. `releaseLease: false` leaves the lease to expire, as a
   * crashed process would (specs use it to prove the take-over).
   */
  async stop(options: { releaseLease?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.leading && options.releaseLease !== false) await this.lease.release().catch(() => undefined);
    this.setLeading(false);
  }

  isLeader(): boolean {
    return this.leading;
  }

  stats() {
    return {
      network: this.options.network,
      enabled: this.options.enabled,
      leader: this.leading,
      fence: this.lease.fence,
      cursor: this.cursor && { headBlock: this.cursor.headNumber, solidBlock: this.cursor.solidNumber },
      nodeHead: this.lastHead,
      nodeSolid: this.lastSolid,
      lagBlocks: this.lastHead !== null && this.cursor ? Math.max(0, this.lastHead - this.cursor.headNumber) : null,
      dropped: { ...this.metrics.droppedCounts },
      skipped: { ...this.metrics.skippedCounts },
      skippedToWatched: this.metrics.skippedToWatchedCount,
      eventsPublished: this.deps.outbox.published,
      lastError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.leading && (await this.lease.tryAcquire())) this.becomeLeader();
        if (this.leading) await this.tick();
        this.lastError = null;
      } catch (e) {
        this.lastError = (e as Error).message;
        // Re-read the cursor: part of a batch may have been written before the failure.
        this.cursor = null;
        if (e instanceof FencedOutError) this.setLeading(false);
        else this.logger.warn(`scan failed, retrying: ${(e as Error).message}`);
      }
      await this.pause(this.leading ? this.options.pollMs : Math.max(100, Math.floor(this.options.leaseTtlMs / 3)));
    }
  }

  private becomeLeader(): void {
    this.logger.log(`leading the ${this.options.network} scanner (fence ${this.lease.fence})`);
    this.setLeading(true);
    this.cursor = null;
    this.renewTimer = setInterval(() => {
      this.lease.renew().then(
        (ok) => {
          if (!ok && this.leading) {
            this.logger.warn('scanner lease lost');
            this.setLeading(false);
          }
        },
        // Redis unreachable: we cannot know whether we still lead, so stop until we can.
        () => this.setLeading(false),
      );
    }, Math.max(50, Math.floor(this.options.leaseTtlMs / 3)));
    this.renewTimer.unref();
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    this.metrics.leader.set(leading ? 1 : 0);
    if (!leading && this.renewTimer) {
      clearInterval(this.renewTimer);
      this.renewTimer = undefined;
    }
  }

  private async tick(): Promise<void> {
    const fence = this.lease.fence;
    if (fence === null) return this.setLeading(false);
    await this.deps.watch.ensureLoaded();
    await this.deps.tokens.refresh();
    // Events left by a crash between commit and publish go out first.
    await this.deps.outbox.publishPending();
    this.cursor ??= await this.processor.cursorOrInit(fence, this.options.startBlock);
    const [head, solid] = await Promise.all([this.deps.chain.headNumber(), this.deps.chain.solidNumber()]);
    this.lastHead = head;
    this.lastSolid = solid;
    this.cursor = await this.processor.scanToHead(this.cursor, head);
    if (this.leading) this.cursor = await this.processor.confirm(this.cursor, solid);
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
