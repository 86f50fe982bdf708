import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { StakingConfig } from '@tronpay/config';
import { PeriodicRound, RestartRegistry } from '@tronpay/runtime';
import { STAKING_CONFIG } from '../staking.tokens';
import { EnergyRepository } from './energy.repository';
import { EnergyService } from './energy.service';

const BATCH = 20;
const CLAIM_MS = 15_000;

/**
 * Moves every due lease along on every replica (claimed rows, `skip locked`): delegations
 * followed, waiting leases planned again, reclaims sent after the transfers, expired leases
 * reclaimed. Callers polling their lease move it too; this keeps it moving when they do not.
 */
@Injectable()
export class EnergyWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EnergyWorker');
  private readonly rounds: PeriodicRound;

  constructor(
    @Inject(STAKING_CONFIG) private readonly config: StakingConfig,
    private readonly leases: EnergyRepository,
    private readonly energy: EnergyService,
    restarts: RestartRegistry,
  ) {
    this.rounds = new PeriodicRound('energy round', this.config.energy.workerIntervalMs, () => this.runOnce(), this.logger);
    restarts.register('energy-worker', this.rounds);
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  async runOnce(): Promise<void> {
    const due = await this.leases.claimDue(BATCH, CLAIM_MS);
    await Promise.all(due.map((lease) => this.energy.advance(lease)));
  }
}
