import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit, Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '@tronpay/config';
import { migrationsFor } from '@tronpay/models';
import { HttpMetricsInterceptor, loggerParams, MetricsService } from '@tronpay/observability';
import { RedisStreamsClient } from '@tronpay/transport';
import { ConfigRegistry } from './config.registry';
import { Database } from './database';
import { RestartRegistry } from './restart.registry';
import { HealthController } from './health.controller';
import { RedisProbe } from './redis-probe';
import { StatsRegistry } from './stats.registry';
import { systemHandlers } from './system.handlers';
import { SystemController } from './system.controller';
import { SystemService } from './system.service';
import { APP_CONFIG, REDIS_PROBE, TRANSPORT_CLIENT } from './tokens';

export interface ServiceModuleOptions {
  config: AppConfig;
  metrics: MetricsService;
  /** The service's own feature modules. */
  imports?: Array<Type<unknown> | DynamicModule>;
  /** Serve `GET /status` and `GET /stats` for this service alone (the gateway serves its own, for all). */
  systemRoutes?: boolean;
}

/** Closes what the runtime opened, after Nest has stopped the HTTP server and the transport. */
@Injectable()
class RuntimeLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: Database,
    @Inject(REDIS_PROBE) private readonly probe: RedisProbe,
    @Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient,
    private readonly restarts: RestartRegistry,
  ) {}

  async onModuleInit() {
    await this.database.migrate(migrationsFor(this.config.service.name));
    // Registered first, so a restart stops the connections last and opens them before any worker.
    this.restarts.register('connections', {
      stop: async () => undefined,
      start: async () => {
        await this.database.reconnect();
        await this.probe.reconnect();
      },
    });
  }

  async onApplicationShutdown() {
    await this.client.close();
    await this.probe.close();
    await this.database.close();
  }
}

/**
 * The root of every service: config, PostgreSQL (migrated at init), the transport client,
 * metrics, structured logs, health, status and stats. The service adds its features.
 */
@Global()
@Module({})
export class ServiceModule {
  static forRoot({ config, metrics, imports = [], systemRoutes = true }: ServiceModuleOptions): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config.service.name, config.log.level)),
        TerminusModule.forRoot({ logger: false }),
        ...imports,
      ],
      controllers: [HealthController, ...(systemRoutes ? [SystemController] : []), systemHandlers(config.service.name)],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: MetricsService, useValue: metrics },
        { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
        {
          provide: Database,
          useFactory: () =>
            new Database({
              url: config.database.url,
              schema: config.database.schema,
              poolSize: config.database.poolSize,
              applicationName: `tronpay-${config.service.name}`,
            }),
        },
        { provide: REDIS_PROBE, useFactory: () => new RedisProbe(config.redis.url) },
        {
          provide: TRANSPORT_CLIENT,
          useFactory: () =>
            new RedisStreamsClient({
              url: config.redis.url,
              prefix: config.redis.prefix,
              requestTimeoutMs: config.transport.requestTimeoutMs,
            }),
        },
        StatsRegistry,
        ConfigRegistry,
        RestartRegistry,
        SystemService,
        RuntimeLifecycle,
      ],
      exports: [APP_CONFIG, MetricsService, Database, TRANSPORT_CLIENT, StatsRegistry, ConfigRegistry, RestartRegistry, SystemService],
    };
  }
}
