import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { AppConfig } from '@tronpay/config';
import { APP_CONFIG } from '@tronpay/runtime';
import { ScopesGuard } from '../auth/scopes.guard';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { ApiKeyThrottlerGuard } from './api-key-throttler.guard';

/** The rate limiter's Redis connection, closed with the app. */
@Injectable()
export class RateLimitRedis implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(config.redis.url, {
      keyPrefix: `${config.redis.prefix}gateway:ratelimit:`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    this.redis.on('error', () => undefined);
  }

  onApplicationShutdown() {
    this.redis.disconnect();
  }
}

@Module({ providers: [RateLimitRedis], exports: [RateLimitRedis] })
class RateLimitRedisModule {}

/** The per-key rate limit, then scope checks, on every route (guards run in this order: a refused request counts too). */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitRedisModule],
      inject: [RateLimitRedis, GATEWAY_CONFIG],
      // `default` is the throttler whose headers carry no suffix: plain `Retry-After`.
      useFactory: (store: RateLimitRedis, settings: GatewaySettings) => ({
        throttlers: [{ name: 'default', limit: settings.rateLimit.limit, ttl: settings.rateLimit.windowMs }],
        storage: new ThrottlerStorageRedisService(store.redis),
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
    { provide: APP_GUARD, useClass: ScopesGuard },
  ],
})
export class RateLimitModule {}
