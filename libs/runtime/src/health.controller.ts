import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { MetricsService, withDeadline } from '@tronpay/observability';
import { Database } from './database';
import { RedisProbe } from './redis-probe';
import { REDIS_PROBE } from './tokens';

const CHECK_TIMEOUT_MS = 2000;

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: Database,
    @Inject(REDIS_PROBE) private readonly redis: RedisProbe,
    private readonly metrics: MetricsService,
  ) {}

  /** The process is up and its event loop turns; no dependency is consulted. */
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready to take work: each dependency answered within its deadline. 503 names the one that did not. */
  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('database', () => this.database.ping()),
      () => this.probe('redis', () => this.redis.ping()),
    ]);
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metricsText(@Res() res: Response) {
    res.setHeader('Content-Type', this.metrics.contentType);
    res.send(await this.metrics.render());
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const check = this.indicators.check(key);
    try {
      await withDeadline(key, CHECK_TIMEOUT_MS, ping);
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message || 'unreachable' });
    }
  }
}
