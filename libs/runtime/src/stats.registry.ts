import { Injectable } from '@nestjs/common';

export type StatsSource = () => unknown | Promise<unknown>;

/** Features register what they count; `/stats` and the `<service>.stats.v1` message show it all. */
@Injectable()
export class StatsRegistry {
  private readonly sources = new Map<string, StatsSource>();

  register(key: string, source: StatsSource): void {
    if (this.sources.has(key)) throw new Error(`stats source ${key} is registered twice`);
    this.sources.set(key, source);
  }

  async collect(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [key, source] of this.sources) out[key] = await source();
    return out;
  }
}
