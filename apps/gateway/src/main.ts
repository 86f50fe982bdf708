import { loadGatewayConfig } from '@tronpay/config';
import { runService } from '@tronpay/runtime';
import { gatewayStartOptions } from './gateway.app';
import { GatewayModule } from './gateway.module';

void runService('gateway', () => [GatewayModule.forRoot(loadGatewayConfig())], gatewayStartOptions);
