import { loadStakingConfig } from '@tronpay/config';
import { runService } from '@tronpay/runtime';
import { StakingModule } from './staking.module';

void runService('staking', () => [StakingModule.forRoot(loadStakingConfig())]);
