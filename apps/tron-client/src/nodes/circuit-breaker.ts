export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Opens after `threshold` consecutive failures; after `cooldownMs` lets one trial request through
 * (half-open): its success closes the circuit, its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}

  state(now: number = Date.now()): CircuitState {
    if (this.openedAt === null) return 'closed';
    return now - this.openedAt >= this.cooldownMs ? 'half_open' : 'open';
  }

  /** Whether a request may go out now; in half-open, only one at a time. */
  allow(now: number = Date.now()): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** A granted trial that was never sent (the node was rate-limited): the next caller may try. */
  cancelTrial(): void {
    this.trialInFlight = false;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failure(now: number = Date.now()): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.threshold) this.openedAt = now;
    this.trialInFlight = false;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
