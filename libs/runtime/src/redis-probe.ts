import Redis from 'ioredis';

/**
 * A connection used only to answer "is Redis there?". No offline queue: while Redis is away
 * a PING fails at once instead of waiting for a reconnect.
 */
export class RedisProbe {
  private redis: Redis;

  constructor(private readonly url: string) {
    this.redis = this.open();
  }

  /** A fresh connection (a restart of the service's connections). */
  async reconnect(): Promise<void> {
    const old = this.redis;
    this.redis = this.open();
    old.disconnect();
  }

  private open(): Redis {
    const redis = new Redis(this.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    redis.on('error', () => undefined);
    redis.connect().catch(() => undefined);
    return redis;
  }

  async ping(): Promise<void> {
    const reply = await this.redis.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${reply}`);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
