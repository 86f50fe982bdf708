import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ForwardingModule } from './forwarding/forwarding.module';
import { GatewayCoreModule } from './gateway-core.module';
import type { GatewaySettings } from './gateway.settings';
import { InvoicesModule } from './invoices/invoices.module';
import { OperationsModule } from './operations/operations.module';
import { PayoutEventsModule } from './payout-events/payout-events.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SweepsModule } from './sweeps/sweeps.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The gateway service's features; the runtime gives it health, metrics, the database and the transport. */
@Module({})
export class GatewayModule {
  static forRoot(settings: GatewaySettings): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        GatewayCoreModule.forRoot(settings),
        RateLimitModule,
        AuthModule,
        InvoicesModule,
        WebhooksModule,
        ForwardingModule,
        OperationsModule,
        PayoutEventsModule,
        SweepsModule,
      ],
    };
  }
}
