import { loadPayoutConfig } from '@tronpay/config';
import { runService } from '@tronpay/runtime';
import { PayoutModule } from './payout.module';

void runService('payout', () => [PayoutModule.forRoot(loadPayoutConfig())]);
