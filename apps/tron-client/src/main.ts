import { runService } from '@tronpay/runtime';
import { TronClientModule } from './tron-client.module';

void runService('tron-client', [TronClientModule]);
