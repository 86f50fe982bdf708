import { Logger } from '@nestjs/common';
import type { Restartable } from './restart.registry';

/**
 * A worker's round every `intervalMs`, one at a time: a tick while a round runs is skipped, a
 * failed round is logged and the next tick tries again. `stop` waits for the round in flight,
 * so SIGTERM and `POST /restart/:service` drain it; register it with the RestartRegistry as is.
 */
export class PeriodicRound implements Restartable {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    /** What a round is, for the log line of a failed one ("energy round"). */
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly round: () => Promise<void>,
    private readonly logger: Logger = new Logger(what),
  ) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.round()
      .catch((e: Error) => this.logger.warn(`${this.what} failed: ${e.message}`))
      .finally(() => (this.running = undefined));
  }
}
