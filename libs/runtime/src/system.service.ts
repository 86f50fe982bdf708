import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, redactConfig } from '@tronpay/config';
import { ConfigRegistry } from './config.registry';
import { Database } from './database';
import { StatsRegistry } from './stats.registry';
import { APP_CONFIG } from './tokens';

const startedAt = new Date();

export interface ServiceStatus {
  service: string;
  version: string;
  network: string;
  startedAt: string;
  uptimeSeconds: number;
  pid: number;
  node: string;
}

@Injectable()
export class SystemService {
  constructor(
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
    private readonly stats: StatsRegistry,
    private readonly database: Database,
    private readonly configs: ConfigRegistry,
  ) {}

  /** The service's configuration with every secret replaced by whether it is set. */
  config(): Record<string, unknown> {
    return { ...redactConfig(this.appConfig), ...this.configs.collect() };
  }

  status(): ServiceStatus {
    return {
      service: this.appConfig.service.name,
      version: VERSION,
      network: this.appConfig.network.name,
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      pid: process.pid,
      node: process.version,
    };
  }

  async allStats(): Promise<Record<string, unknown>> {
    return {
      service: this.appConfig.service.name,
      uptimeSeconds: this.status().uptimeSeconds,
      database: this.database.stats(),
      memory: { rssBytes: process.memoryUsage().rss },
      ...(await this.stats.collect()),
    };
  }
}

// Set by the build; the source tree reports the workspace's version.
const VERSION = '0.1.0';
