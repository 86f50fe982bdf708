/** A per-node rate limit: `ratePerSecond` tokens a second, bursts up to `capacity`. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number = ratePerSecond,
    now: number = Date.now(),
  ) {
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes a token and returns 0, or returns how many ms until one is there (taking nothing). */
  take(now: number = Date.now()): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  available(now: number = Date.now()): number {
    this.refill(now);
    return Math.floor(this.tokens);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.refilledAt = now;
  }
}
