import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { StakingConfig } from '@tronpay/config';
import type { OperationKindColumn, StakeReply } from '@tronpay/models';
import { PeriodicRound, RestartRegistry } from '@tronpay/runtime';
import { StakingChain, StakingWallets } from '../chain/staking-chain';
import { OperationExecutor } from '../operations/operation-executor';
import { OperationsRepository } from '../operations/operations.repository';
import { STAKING_CONFIG } from '../staking.tokens';
import { TrackedWallet, TrackedWalletsRepository } from './tracked-wallets.repository';

/** java-tron lets an account claim its rewards once per 24 h of chain time. */
const CHAIN_CLAIM_INTERVAL_MS = 86_400_000;

/**
 * Looks after every wallet that stakes here, on every replica: reads its unfreezes and delegations
 * from the chain (expiry tracking), withdraws unfreezes once their delay has passed, and claims
 * voting rewards on a schedule. Chain time (the head block's) decides what is due, never this
 * machine's clock. Each automatic operation has an idempotency key derived from what it acts on,
 * so two replicas (or two rounds) never start the same one twice.
 */
@Injectable()
export class StakeSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StakeSchedules');
  private readonly rounds: PeriodicRound;
  readonly counts = { rounds: 0, autoWithdraws: 0, autoClaims: 0, errors: 0 };
  lastRoundAt: Date | null = null;

  constructor(
    @Inject(STAKING_CONFIG) private readonly config: StakingConfig,
    private readonly tracked: TrackedWalletsRepository,
    private readonly operations: OperationsRepository,
    private readonly executor: OperationExecutor,
    private readonly chain: StakingChain,
    private readonly wallets: StakingWallets,
    restarts: RestartRegistry,
  ) {
    this.rounds = new PeriodicRound('schedule round', this.config.schedule.intervalMs, () => this.runOnce(), this.logger);
    restarts.register('stake-schedules', this.rounds);
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  async runOnce(): Promise<void> {
    const staking = this.config.energy.stakingWalletId;
    if (staking) {
      const w = await this.wallets.get(staking);
      await this.tracked.track(w);
    }
    for (const wallet of await this.tracked.all()) {
      try {
        await this.look(wallet);
      } catch (e) {
        this.counts.errors++;
        await this.tracked.syncFailed(wallet.wallet_id, (e as Error).message);
      }
    }
    this.counts.rounds++;
    this.lastRoundAt = new Date();
  }

  private async look(wallet: TrackedWallet): Promise<void> {
    const s = await this.chain.stake(wallet.address, true);
    await this.tracked.sync(wallet.wallet_id, s);
    if (this.config.schedule.autoWithdraw && BigInt(s.withdrawable) > 0n) {
      const due = s.unfreezing.filter((u) => u.expireTime <= s.headTime).map((u) => u.expireTime);
      await this.automatic(wallet, 'withdraw', `auto-withdraw:${wallet.wallet_id}:${Math.max(...due)}`, ['withdraw', 'cancel-unfreezes']);
    }
    if (this.claimDue(s)) {
      const interval = Math.max(CHAIN_CLAIM_INTERVAL_MS, this.config.schedule.rewardClaimIntervalMs);
      await this.automatic(wallet, 'claim-rewards', `auto-claim:${wallet.wallet_id}:${s.latestWithdrawTime ?? 0}:${Math.floor(s.headTime / interval)}`, ['claim-rewards']);
    }
  }

  private claimDue(s: StakeReply): boolean {
    if (BigInt(s.reward) === 0n || BigInt(s.reward) < this.config.schedule.rewardClaimMinSun) return false;
    if (s.latestWithdrawTime === null) return true;
    const since = s.headTime - s.latestWithdrawTime;
    return since >= CHAIN_CLAIM_INTERVAL_MS && since >= this.config.schedule.rewardClaimIntervalMs;
  }

  private async automatic(wallet: TrackedWallet, kind: OperationKindColumn, key: string, exclusive: OperationKindColumn[]): Promise<void> {
    if ((await this.operations.openOf(wallet.wallet_id, exclusive)).length) return;
    const { row, created } = await this.operations.insert({
      walletId: wallet.wallet_id,
      address: wallet.address,
      kind,
      origin: 'schedule',
      amount: null,
      resource: null,
      receiver: null,
      lockPeriodBlocks: null,
      votes: null,
      leaseId: null,
      permissionId: wallet.kind === 'multisig' ? 2 : null,
      idempotencyKey: key,
      fingerprint: key,
      requestedBy: 'staking:schedule',
    });
    if (!created) return;
    if (kind === 'withdraw') this.counts.autoWithdraws++;
    else this.counts.autoClaims++;
    this.logger.log(`${kind} for wallet ${wallet.wallet_id} (${key})`);
    await this.executor.run(row);
  }
}
