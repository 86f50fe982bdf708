import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { UsdtConfig } from '@tronpay/config';
import { PeriodicRound, RestartRegistry } from '@tronpay/runtime';
import { USDT_CONFIG } from '../usdt.tokens';
import { TransfersRepository } from './transfers.repository';
import { TransfersService } from './transfers.service';

const BATCH = 50;

/**
 * Follows every open transfer on every replica: a signed one is sent (again), a broadcast one is
 * looked up with tron-client until it is confirmed, failed or expired. Rows are leased (`skip
 * locked`, then `next_check_at`), so replicas share the work; a crash leaves nothing behind.
 */
@Injectable()
export class TransferFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TransferFollower');
  private readonly rounds: PeriodicRound;

  constructor(
    @Inject(USDT_CONFIG) private readonly config: UsdtConfig,
    private readonly repository: TransfersRepository,
    private readonly transfers: TransfersService,
    restarts: RestartRegistry,
  ) {
    this.rounds = new PeriodicRound('follow round', this.config.transfers.followIntervalMs, () => this.runOnce(), this.logger);
    restarts.register('transfer-follower', this.rounds);
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  async runOnce(): Promise<void> {
    const interval = this.config.transfers.followIntervalMs;
    const due = await this.repository.claimDue(BATCH, Math.max(5_000, interval * 5));
    await Promise.all(
      due.map(async (row) => {
        try {
          await this.transfers.follow(row);
          await this.repository.reschedule(row.id, interval);
        } catch (e) {
          this.logger.warn(`transfer ${row.key}: ${(e as Error).message}`);
        }
      }),
    );
  }
}
