import { Logger } from '@nestjs/common';
import type { Restartable } from './restart.registry';

/**
 * A worker's round every `intervalMs`, one at a time: a tick while a round runs joins it, a
 * failed round is logged (and kept as `lastError`) and the next tick tries again. `stop` waits
 * for the round in flight, so SIGTERM and `POST /restart/:service` drain it; register it with
 * the RestartRegistry as is.
 */
export class PeriodicRound implements Restartable {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** The last round's failure; null once a round succeeds. */
  lastError: string | null = null;
  lastRoundAt: Date | null = null;

  constructor(
    /** What a round is, for the log line of a failed one ("energy round"). */
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly round: () => Promise<void>,
    private readonly logger: Logger = new Logger(what),
    /** Run one round at once on start, not only after the first interval. */
    private readonly options: { immediate?: boolean } = {},
  ) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
    if (this.options.immediate) void this.runNow();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** The round in flight, else a new one; resolves when it ends (a failure is logged, not thrown). */
  runNow(): Promise<void> {
    this.running ??= this.round()
      .then(
        () => {
          this.lastError = null;
        },
        (e: Error) => {
          this.lastError = e.message;
          this.logger.warn(`${this.what} failed: ${e.message}`);
        },
      )
      .finally(() => {
        this.lastRoundAt = new Date();
        this.running = undefined;
      });
    return this.running;
  }
}
