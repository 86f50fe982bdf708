import { runService } from '@tronpay/runtime';
import { StakingModule } from './staking.module';

void runService('staking', [StakingModule]);
