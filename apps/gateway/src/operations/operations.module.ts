import { Inject, Module } from '@nestjs/common';
import { redactGatewayConfig } from '@tronpay/config';
import { ConfigRegistry } from '@tronpay/runtime';
import { ForwardingModule } from '../forwarding/forwarding.module';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';

/** /stats, /<service>/stats, /status, /config and /restart/:service for operators. */
@Module({
  imports: [ForwardingModule],
  controllers: [OperationsController],
  providers: [OperationsService],
})
export class OperationsModule {
  constructor(configs: ConfigRegistry, @Inject(GATEWAY_CONFIG) settings: GatewaySettings) {
    // The gateway's own settings in /config, its signing key only as "set".
    configs.register('gateway', () => redactGatewayConfig(settings));
  }
}
