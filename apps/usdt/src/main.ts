import { loadUsdtConfig } from '@tronpay/config';
import { runService } from '@tronpay/runtime';
import { UsdtModule } from './usdt.module';

void runService('usdt', () => [UsdtModule.forRoot(loadUsdtConfig())]);
