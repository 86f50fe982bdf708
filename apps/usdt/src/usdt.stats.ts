import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { UsdtConfig } from '@tronpay/config';
import { ConfigRegistry, StatsRegistry } from '@tronpay/runtime';
import { USDT_CONFIG } from './usdt.tokens';
import { TokenRegistry } from './tokens/token-registry.service';
import { TransfersMetrics } from './transfers/transfers.metrics';
import { TransfersRepository } from './transfers/transfers.repository';
import { UnknownTokensRepository } from './unknown-tokens/unknown-tokens.repository';

/** What `/stats` (and the gateway's `/usdt-manager/stats`) shows: the registry, transfers, and unknown tokens at our addresses. */
@Injectable()
export class UsdtStats implements OnModuleInit {
  constructor(
    @Inject(USDT_CONFIG) private readonly config: UsdtConfig,
    private readonly configs: ConfigRegistry,
    private readonly stats: StatsRegistry,
    private readonly registry: TokenRegistry,
    private readonly transfers: TransfersRepository,
    private readonly metrics: TransfersMetrics,
    private readonly unknown: UnknownTokensRepository,
  ) {}

  onModuleInit() {
    this.stats.register('usdt', () => this.collect());
    this.configs.register('usdt', () => this.config);
  }

  async collect() {
    const [tokens, transfers, unknown, recent] = await Promise.all([
      this.registry.rows(),
      this.transfers.counts(),
      this.unknown.counts(),
      this.unknown.page(10),
    ]);
    return {
      registry: {
        tokens: tokens.map((t) => ({ contract: t.contract, symbol: t.symbol, decimals: t.decimals, canonical: t.canonical, crediting: t.pushedAt !== null })),
        syncError: this.registry.lastSyncError,
      },
      transfers: { byStatus: transfers, refusedBeforeBroadcast: { ...this.metrics.refusedCounts } },
      unknownTokens: { ...unknown, recent: recent.data },
    };
  }
}
