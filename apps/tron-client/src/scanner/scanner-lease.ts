import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

// Renew or release only while the lease is still ours: a late renewal must not extend a successor's lease.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// A new fence, above both the counter and the floor: a Redis that lost its data counts from 1
// again, below the fence the cursor in PostgreSQL already carries.
const NEXT_FENCE = `local v = redis.call('incr', KEYS[1])
if v <= tonumber(ARGV[1]) then v = tonumber(ARGV[1]) + 1; redis.call('set', KEYS[1], v) end
return v`;

/**
 * Leadership of the scanner of one network: `SET key token NX PX ttl`, renewed by a
 * compare-and-pexpire. Each acquisition takes a new fencing token (`INCR`, never below the
 * fence the cursor last kept: `floor`), which the cursor keeps, so a leader that lost the
 * lease while paused cannot write after its successor, and a Redis restarted empty (it keeps
 * nothing on disk here) does not fence every new leader out.
 */
export class ScannerLease {
  readonly token = randomUUID();
  private fenceToken: number | null = null;
  private readonly key: string;
  private readonly fenceKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    network: string,
    readonly ttlMs: number,
    /** The highest fence already written (the cursor's), read when the lease is won. */
    private readonly floor: () => Promise<number> = async () => 0,
  ) {
    this.key = `${prefix}scanner:${network}:leader`;
    this.fenceKey = `${prefix}scanner:${network}:fence`;
  }

  /** The fence of the current tenure (null when not leading). */
  get fence(): number | null {
    return this.fenceToken;
  }

  async tryAcquire(): Promise<boolean> {
    const ok = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
    if (ok !== 'OK') return false;
    try {
      this.fenceToken = Number(await this.redis.eval(NEXT_FENCE, 1, this.fenceKey, String(await this.floor())));
    } catch (e) {
      await this.release().catch(() => undefined);
      throw e;
    }
    return true;
  }

  async renew(): Promise<boolean> {
    const ok = (await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs))) === 1;
    if (!ok) this.fenceToken = null;
    return ok;
  }

  async release(): Promise<void> {
    this.fenceToken = null;
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }

  /** Who holds the lease now (a token), for /stats. */
  holder(): Promise<string | null> {
    return this.redis.get(this.key);
  }
}
