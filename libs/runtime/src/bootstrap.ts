import { DynamicModule, INestApplication, Logger as NestLogger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfig, ServiceName } from '@tronpay/config';
import { MetricsService } from '@tronpay/observability';
import { RedisStreamsServer, RpcErrorFilter, RpcValidationPipe } from '@tronpay/transport';
import { bodyErrorHandler, HttpErrorFilter } from './http-error.filter';
import { ServiceModule } from './service.module';
import { StatsRegistry } from './stats.registry';

export interface RunningService {
  app: INestApplication;
  server: RedisStreamsServer;
  config: AppConfig;
  /** Base URL of the HTTP side. */
  url: string;
  /** Drains in-flight HTTP requests and messages, then closes every connection. */
  close(): Promise<void>;
}

export type ServiceImports = Array<Type<unknown> | DynamicModule>;

export interface StartOptions {
  /** Replica id on the transport; default host-pid-random. */
  consumer?: string;
  /** Quiet logs (tests). */
  logger?: boolean;
  /** Serve this service's own `GET /status` and `GET /stats` (default true). */
  systemRoutes?: boolean;
  /** The service's own HTTP touches (middleware that runs before the body parser, OpenAPI). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/** Builds and starts a service: HTTP side and transport side, on the given configuration. */
export async function startService(
  config: AppConfig,
  imports: ServiceImports = [],
  options: StartOptions = {},
): Promise<RunningService> {
  const metrics = new MetricsService(config.service.name);
  const server = new RedisStreamsServer({
    url: config.redis.url,
    prefix: config.redis.prefix,
    service: config.service.name,
    consumer: options.consumer,
    visibilityTimeoutMs: config.transport.visibilityTimeoutMs,
    concurrency: config.transport.concurrency,
    eventMaxAttempts: config.transport.eventMaxAttempts,
    closeTimeoutMs: config.service.shutdownTimeoutMs,
    onMessageHandled: (e) => {
      metrics.observeHandler(e.pattern, e.kind, e.outcome, e.durationMs);
      if (e.deadLettered) metrics.countDeadLetter(e.pattern);
    },
  });

  const app = await NestFactory.create<NestExpressApplication>(ServiceModule.forRoot({ config, metrics, imports, systemRoutes: options.systemRoutes }), {
    bodyParser: false,
    bufferLogs: options.logger !== false,
    logger: options.logger === false ? false : undefined,
    abortOnError: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  // Before the body parser: an unauthenticated request is refused without its body being read.
  await options.configure?.(app);
  // Our own JSON parser and its error handler, so a malformed or oversize body gets the public
  // error shape (Nest would turn it into a generic 400 quoting the parser).
  app.use(json({ limit: '1mb' }));
  app.use(bodyErrorHandler);
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  // Deferred so that the transport side gets its own filter and pipe (RPC errors, not HTTP ones);
  // the app's init already ran every module's init hook, so the microservice must not run them again.
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: server },
    { inheritAppConfig: false, deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new RpcErrorFilter());
  microservice.useGlobalPipes(new RpcValidationPipe());
  microservice.setIsInitHookCalled(true);
  app.get(StatsRegistry).register('transport', () => server.stats());

  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.service.port, config.service.host);
  const address = app.getHttpServer().address() as { port: number };
  const host = config.service.host === '0.0.0.0' ? '127.0.0.1' : config.service.host;

  let closing: Promise<void> | undefined;
  return {
    app,
    server,
    config,
    url: `http://${host}:${address.port}`,
    close: () => (closing ??= app.close()),
  };
}

/**
 * The `main.ts` of every service: validate config (a bad value stops the boot naming each bad
 * variable), start, and on SIGTERM or SIGINT drain and exit 0 (1 if draining overran its budget).
 */
export async function runService(
  name: ServiceName,
  features: ServiceImports | ((config: AppConfig) => ServiceImports) = [],
  options: Pick<StartOptions, 'systemRoutes' | 'configure'> = {},
): Promise<void> {
  let config: AppConfig;
  let imports: ServiceImports;
  try {
    config = loadConfig(name);
    // A service's own settings are validated here too, so a bad one stops the boot the same way.
    imports = typeof features === 'function' ? features(config) : features;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = new NestLogger(name);
  let running: RunningService;
  try {
    running = await startService(config, imports, options);
  } catch (e) {
    logger.error(`${name} failed to start: ${(e as Error).message}`);
    process.exit(1);
  }
  logger.log(`${name} listening on ${running.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining`);
    setTimeout(() => {
      logger.error(`drain took longer than ${config.service.shutdownTimeoutMs} ms: exiting`);
      process.exit(1);
    }, config.service.shutdownTimeoutMs + 2000).unref();
    running.close().then(
      () => process.exit(0),
      (e: Error) => {
        logger.error(`shutdown failed: ${e.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
