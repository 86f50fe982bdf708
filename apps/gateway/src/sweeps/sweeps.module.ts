import { Module } from '@nestjs/common';
import { loadSweepConfig } from '@tronpay/config';
import { UsdtContract } from '../invoices/usdt-contract';
import { SWEEP_CONFIG } from './sweep.settings';
import { SweepServices, TransportSweepServices } from './sweep-clients';
import { SweepDepositsHandler } from './sweep-deposits.handler';
import { SweepDeposits } from './sweep-deposits.service';
import { SweepQueue } from './sweep-queue';
import { SweepRelay } from './sweep-relay';
import { SweepRunner } from './sweep-runner.service';
import { SweepWorker } from './sweep-worker';
import { SweepsController } from './sweeps.controller';
import { SweepsLifecycle } from './sweeps.lifecycle';
import { SweepsMetrics } from './sweeps.metrics';
import { SweepsRepository } from './sweeps.repository';
import { SweepsService } from './sweeps.service';

/**
 * Sweeping confirmed deposits to the treasury (issue 8): deposits recorded from the scanner's
 * confirmations, a sweep per address once they reach the threshold, each a state machine run by
 * BullMQ jobs that the database drives. Settings: loadSweepConfig (SWEEP_*, WALLET_TREASURY_ADDRESS).
 */
@Module({
  controllers: [SweepsController, SweepDepositsHandler],
  providers: [
    { provide: SWEEP_CONFIG, useFactory: () => loadSweepConfig() },
    { provide: SweepServices, useClass: TransportSweepServices },
    UsdtContract,
    SweepsRepository,
    SweepsMetrics,
    SweepDeposits,
    SweepRunner,
    SweepQueue,
    SweepWorker,
    SweepRelay,
    SweepsService,
    SweepsLifecycle,
  ],
})
export class SweepsModule {}
