import { DynamicModule, Global, Module } from '@nestjs/common';
import { ApiKeysRepository } from './auth/api-keys.repository';
import { ApiKeysService } from './auth/api-keys.service';
import { EventCommits } from './events/event-commits';
import { EventsService } from './events/events.service';
import { GATEWAY_CONFIG, GatewaySettings } from './gateway.settings';
import { IdempotencyService } from './idempotency/idempotency.service';

/** What every gateway feature uses: its settings, API keys, idempotency and the webhook outbox. */
@Global()
@Module({})
export class GatewayCoreModule {
  static forRoot(settings: GatewaySettings): DynamicModule {
    return {
      module: GatewayCoreModule,
      providers: [{ provide: GATEWAY_CONFIG, useValue: settings }, ApiKeysRepository, ApiKeysService, IdempotencyService, EventsService, EventCommits],
      exports: [GATEWAY_CONFIG, ApiKeysService, IdempotencyService, EventsService, EventCommits],
    };
  }
}
