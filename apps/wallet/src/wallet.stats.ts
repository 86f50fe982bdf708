import { Injectable, OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import { StatsRegistry } from '@tronpay/runtime';
import { KeyStore } from './keys/key-store';
import { VaultRepository } from './vaults/vault.repository';

/** What `/stats` (and the gateway's `/wallet-manager/stats`) shows of the wallet: counts, never keys. */
@Injectable()
export class WalletStats implements OnModuleInit {
  constructor(
    private readonly stats: StatsRegistry,
    private readonly vaults: VaultRepository,
    private readonly keys: KeyStore,
  ) {}

  onModuleInit() {
    this.stats.register('wallet', () => this.collect());
  }

  async collect() {
    const db = this.vaults.db;
    const [vaults, wallets, deposits, signatures] = await Promise.all([
      db.selectFrom('vaults').select(['kind', sql<number>`count(*)::int`.as('n')]).groupBy('kind').execute(),
      db.selectFrom('wallets').select(['kind', sql<number>`count(*)::int`.as('n')]).where('archived_at', 'is', null).groupBy('kind').execute(),
      db.selectFrom('deposit_addresses').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('audit_log').select(['outcome', sql<number>`count(*)::int`.as('n')]).where('action', '=', 'sign').groupBy('outcome').execute(),
    ]);
    const byKey = (rows: Array<{ n: number } & Record<string, unknown>>, key: string) =>
      Object.fromEntries(rows.map((r) => [String(r[key]), r.n]));
    return {
      locked: this.keys.locked,
      vaults: byKey(vaults, 'kind'),
      wallets: byKey(wallets, 'kind'),
      depositAddressesIssued: deposits.n,
      signatures: byKey(signatures, 'outcome'),
    };
  }
}
