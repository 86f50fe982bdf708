import { loadWalletConfig } from '@tronpay/config';
import { runService } from '@tronpay/runtime';
import { WalletModule } from './wallet.module';

void runService('wallet', () => [WalletModule.forRoot(loadWalletConfig())]);
