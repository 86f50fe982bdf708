import { Injectable, Logger } from '@nestjs/common';

/** A part of a service that `POST /restart/:service` stops (draining its work) and starts again. */
export interface Restartable {
  /** Stop taking new work and wait for what is in flight. */
  stop(): Promise<void>;
  start(): Promise<void> | void;
}

export interface RestartReport {
  restarted: string[];
  durationMs: number;
}

/**
 * Features register their workers (scanner, schedulers, queue workers) and the runtime its
 * connections; a restart stops them newest first, then starts them oldest first.
 */
@Injectable()
export class RestartRegistry {
  private readonly logger = new Logger('Restart');
  private readonly parts = new Map<string, Restartable>();
  private running?: Promise<RestartReport>;

  register(name: string, part: Restartable): void {
    if (this.parts.has(name)) throw new Error(`restartable ${name} is registered twice`);
    this.parts.set(name, part);
  }

  /** One restart at a time: a second request while one runs gets the same outcome. */
  restart(): Promise<RestartReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<RestartReport> {
    const started = Date.now();
    const entries = [...this.parts];
    for (const [name, part] of [...entries].reverse()) {
      this.logger.log(`stopping ${name}`);
      await part.stop();
    }
    for (const [name, part] of entries) {
      await part.start();
      this.logger.log(`started ${name}`);
    }
    return { restarted: entries.map(([name]) => name), durationMs: Date.now() - started };
  }
}
