import { Injectable } from '@nestjs/common';

/** Features add their own settings (redacted) to what `/config` and `<service>.config.v1` show. */
@Injectable()
export class ConfigRegistry {
  private readonly views = new Map<string, () => unknown>();

  register(key: string, view: () => unknown): void {
    if (this.views.has(key)) throw new Error(`config view ${key} is registered twice`);
    this.views.set(key, view);
  }

  collect(): Record<string, unknown> {
    return Object.fromEntries([...this.views].map(([k, view]) => [k, view()]));
  }
}
