import { runService } from '@tronpay/runtime';
import { UsdtModule } from './usdt.module';

void runService('usdt', [UsdtModule]);
