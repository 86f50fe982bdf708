import { DynamicModule, Module } from '@nestjs/common';
import type { StakingConfig } from '@tronpay/config';
import { StakingChain, StakingWallets, TransportStakingChain, TransportStakingWallets } from './chain/staking-chain';
import { EnergyHandler } from './energy/energy.handler';
import { EnergyMetrics } from './energy/energy.metrics';
import { EnergyRepository } from './energy/energy.repository';
import { EnergyService } from './energy/energy.service';
import { EnergyWorker } from './energy/energy-worker';
import { OperationExecutor } from './operations/operation-executor';
import { OperationFollower } from './operations/operation-follower';
import { OperationsHandler } from './operations/operations.handler';
import { OperationsRepository } from './operations/operations.repository';
import { OperationsService } from './operations/operations.service';
import { StakeSchedules } from './schedules/stake-schedules.service';
import { TrackedWalletsRepository } from './schedules/tracked-wallets.repository';
import { StakingStats } from './staking.stats';
import { STAKING_CONFIG } from './staking.tokens';
import { StakingViewService } from './view/staking-view.service';

/** Stake 2.0 for hot and multisig wallets, its schedules, and the energy manager. */
@Module({})
export class StakingModule {
  static forRoot(config: StakingConfig): DynamicModule {
    return {
      module: StakingModule,
      controllers: [OperationsHandler, EnergyHandler],
      providers: [
        { provide: STAKING_CONFIG, useValue: config },
        { provide: StakingChain, useClass: TransportStakingChain },
        { provide: StakingWallets, useClass: TransportStakingWallets },
        OperationsRepository,
        OperationExecutor,
        OperationFollower,
        OperationsService,
        StakingViewService,
        TrackedWalletsRepository,
        StakeSchedules,
        EnergyRepository,
        EnergyMetrics,
        EnergyService,
        EnergyWorker,
        StakingStats,
      ],
    };
  }
}
