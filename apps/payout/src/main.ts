import { runService } from '@tronpay/runtime';
import { PayoutModule } from './payout.module';

void runService('payout', [PayoutModule]);
