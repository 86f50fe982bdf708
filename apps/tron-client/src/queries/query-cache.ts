import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * A short read-through cache in Redis, shared by the replicas, plus single-flight per key inside
 * one replica (a burst of the same query makes one node call). Redis trouble never fails a
 * query: it is then answered from the node.
 */
export class QueryCache {
  private readonly logger = new Logger('QueryCache');
  private readonly inFlight = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;
  errors = 0;

  constructor(
    private readonly redis: Redis,
    /** e.g. `tronpay:cache:` */
    private readonly prefix: string,
  ) {}

  get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const full = this.prefix + key;
    const running = this.inFlight.get(full) as Promise<T> | undefined;
    if (running) return running;
    const p = this.readThrough(full, ttlMs, load).finally(() => this.inFlight.delete(full));
    this.inFlight.set(full, p);
    return p;
  }

  private async readThrough<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    try {
      const cached = await this.redis.get(key);
      if (cached !== null) {
        this.hits += 1;
        return JSON.parse(cached) as T;
      }
    } catch (e) {
      this.failed(e as Error);
    }
    this.misses += 1;
    const value = await load();
    try {
      await this.redis.set(key, JSON.stringify(value), 'PX', ttlMs);
    } catch (e) {
      this.failed(e as Error);
    }
    return value;
  }

  private failed(e: Error): void {
    // Logged once per burst of trouble, not once per query.
    if (this.errors++ % 1000 === 0) this.logger.warn(`cache unavailable, asking the node: ${e.message}`);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
