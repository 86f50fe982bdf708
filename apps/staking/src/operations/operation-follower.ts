import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { StakingConfig } from '@tronpay/config';
import { PeriodicRound, RestartRegistry } from '@tronpay/runtime';
import { STAKING_CONFIG } from '../staking.tokens';
import { OperationExecutor } from './operation-executor';
import { OperationsRepository } from './operations.repository';

const BATCH = 50;

/**
 * Follows every open operation on every replica (leased rows, `skip locked`): one signed but not
 * accepted is sent again, one broadcast is looked up with tron-client until it is final.
 */
@Injectable()
export class OperationFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OperationFollower');
  private readonly rounds: PeriodicRound;

  constructor(
    @Inject(STAKING_CONFIG) private readonly config: StakingConfig,
    private readonly repository: OperationsRepository,
    private readonly executor: OperationExecutor,
    restarts: RestartRegistry,
  ) {
    this.rounds = new PeriodicRound('follow round', this.config.followIntervalMs, () => this.runOnce(), this.logger);
    restarts.register('operation-follower', this.rounds);
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  async runOnce(): Promise<void> {
    const interval = this.config.followIntervalMs;
    const due = await this.repository.claimDue(BATCH, Math.max(5_000, interval * 5));
    await Promise.all(
      due.map(async (row) => {
        try {
          await this.executor.follow(row);
          await this.repository.reschedule(row.id, interval);
        } catch (e) {
          this.logger.warn(`${row.kind} ${row.id}: ${(e as Error).message}`);
        }
      }),
    );
  }
}
