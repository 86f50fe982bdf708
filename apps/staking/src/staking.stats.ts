import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { StakingConfig } from '@tronpay/config';
import { stakingConfigView } from '@tronpay/config';
import { ConfigRegistry, StatsRegistry } from '@tronpay/runtime';
import { StakingChain, StakingWallets } from './chain/staking-chain';
import { EnergyMetrics } from './energy/energy.metrics';
import { EnergyRepository } from './energy/energy.repository';
import { OperationsRepository } from './operations/operations.repository';
import { StakeSchedules } from './schedules/stake-schedules.service';
import { TrackedWalletsRepository } from './schedules/tracked-wallets.repository';
import { STAKING_CONFIG } from './staking.tokens';

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))) as unknown;

/** What `/stats` (and the gateway's `/trx-staking/stats`) shows: operations, schedules, expiries, the energy manager. */
@Injectable()
export class StakingStats implements OnModuleInit {
  constructor(
    @Inject(STAKING_CONFIG) private readonly config: StakingConfig,
    private readonly stats: StatsRegistry,
    private readonly configs: ConfigRegistry,
    private readonly operations: OperationsRepository,
    private readonly tracked: TrackedWalletsRepository,
    private readonly schedules: StakeSchedules,
    private readonly leases: EnergyRepository,
    private readonly metrics: EnergyMetrics,
    private readonly chain: StakingChain,
    private readonly wallets: StakingWallets,
  ) {}

  onModuleInit() {
    this.stats.register('staking', () => this.collect());
    this.stats.register('energyManager', () => this.energy());
    this.configs.register('staking', () => stakingConfigView(this.config));
  }

  async collect() {
    const [ops, wallets, expiries] = await Promise.all([this.operations.counts(), this.tracked.all(), this.tracked.expiries(new Date())]);
    const byKind: Record<string, Record<string, number>> = {};
    let feeSun = 0n;
    for (const r of ops) {
      (byKind[r.kind] ??= {})[r.status] = (byKind[r.kind][r.status] ?? 0) + r.n;
      feeSun += BigInt(r.fee);
    }
    return {
      operations: { byKind, feeSun: feeSun.toString(), automatic: { ...this.schedules.counts, lastRoundAt: this.schedules.lastRoundAt?.toISOString() ?? null } },
      trackedWallets: wallets.map((w) => ({ walletId: w.wallet_id, address: w.address, syncedAt: w.synced_at?.toISOString() ?? null, syncError: w.sync_error })),
      expiries,
    };
  }

  async energy() {
    const e = this.config.energy;
    const leases = await this.leases.stats();
    let stakingWallet: unknown = null;
    if (e.stakingWalletId) {
      try {
        const w = await this.wallets.get(e.stakingWalletId);
        const s = await this.chain.stake(w.address, false);
        stakingWallet = { walletId: w.id, address: w.address, frozenEnergySun: s.frozen.energy, delegatedEnergySun: s.delegatedOut.energy, canDelegateEnergySun: s.canDelegate.energy };
      } catch (err) {
        stakingWallet = { walletId: e.stakingWalletId, error: (err as Error).message };
      }
    }
    return json({
      enabled: e.stakingWalletId !== null,
      feeCapSun: e.feeCapSun,
      stakingWallet,
      feeWalletId: e.feeWalletId,
      leases,
      sinceStart: this.metrics.counts,
    });
  }
}
