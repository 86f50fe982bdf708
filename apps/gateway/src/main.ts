import { runService } from '@tronpay/runtime';
import { GatewayModule } from './gateway.module';

void runService('gateway', [GatewayModule]);
