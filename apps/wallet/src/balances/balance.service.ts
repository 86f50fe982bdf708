import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { sql } from 'kysely';
import type { AppConfig } from '@tronpay/config';
import type { WalletBalanceView } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { formatDecimal } from '@tronpay/tron';
import { VaultRepository } from '../vaults/vault.repository';
import { WalletError } from '../wallet.errors';
import { ChainBalances } from './chain-balances';

/** Balances older than this are refreshed when asked for. */
const STALE_MS = 60_000;
const REFRESH_EVERY_MS = 60_000;

/**
 * Each wallet's TRX, USDT, energy and bandwidth, kept in the wallet schema: refreshed for every
 * active wallet on a schedule (one replica at a time) and on demand.
 */
@Injectable()
export class BalanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BalanceService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly vaults: VaultRepository,
    private readonly chain: ChainBalances,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.refreshAll().catch((e: Error) => this.logger.warn(`balance refresh: ${e.message}`)), REFRESH_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  async get(walletId: string, refresh = false): Promise<WalletBalanceView> {
    const stored = await this.vaults.db.selectFrom('wallet_balances').selectAll().where('wallet_id', '=', walletId).executeTakeFirst();
    if (stored && !refresh && Date.now() - stored.refreshed_at.getTime() < STALE_MS) {
      return this.view(walletId, BigInt(stored.trx), stored.usdt === null ? null : BigInt(stored.usdt), stored.energy, stored.bandwidth, stored.refreshed_at);
    }
    return this.refresh(walletId);
  }

  async refresh(walletId: string): Promise<WalletBalanceView> {
    const wallet = await this.vaults.db.selectFrom('wallets').select(['id', 'address']).where('id', '=', walletId).executeTakeFirst();
    if (!wallet) throw new WalletError('wallet_not_found', 'No such wallet');
    const b = await this.chain.of(wallet.address, this.config.network.usdtContract);
    const row = {
      wallet_id: wallet.id,
      trx: b.trx.toString(),
      usdt: b.usdt === null ? null : b.usdt.toString(),
      energy: b.energy.toString(),
      bandwidth: b.bandwidth.toString(),
      refreshed_at: new Date(),
    };
    await this.vaults.db
      .insertInto('wallet_balances')
      .values(row)
      .onConflict((oc) => oc.column('wallet_id').doUpdateSet({ trx: row.trx, usdt: row.usdt, energy: row.energy, bandwidth: row.bandwidth, refreshed_at: row.refreshed_at }))
      .execute();
    return this.view(wallet.id, b.trx, b.usdt, row.energy, row.bandwidth, row.refreshed_at);
  }

  /** Every active wallet, by the one replica holding the lock this round. */
  async refreshAll(): Promise<number> {
    return this.vaults.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext('tronpay.wallet.balances')) as locked`.execute(tx);
      if (!rows[0]?.locked) return 0;
      const wallets = await tx.selectFrom('wallets').select('id').where('archived_at', 'is', null).execute();
      for (const w of wallets) await this.refresh(w.id);
      return wallets.length;
    });
  }

  private view(walletId: string, trx: bigint, usdt: bigint | null, energy: string, bandwidth: string, at: Date): WalletBalanceView {
    return {
      walletId,
      trx: formatDecimal(trx, 6),
      usdt: usdt === null ? null : formatDecimal(usdt, 6),
      energy,
      bandwidth,
      refreshedAt: at.toISOString(),
    };
  }
}
