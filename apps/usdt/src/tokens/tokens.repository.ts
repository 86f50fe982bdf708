import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import type { UsdtSchema, UsdtTokenTable } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export interface TokenRow {
  contract: string;
  name: string;
  symbol: string;
  decimals: number;
  canonical: boolean;
  addedBy: string;
  addedAt: Date;
  pushedAt: Date | null;
}

const toRow = (r: Selectable<UsdtTokenTable>): TokenRow => ({
  contract: r.contract,
  name: r.name,
  symbol: r.symbol,
  decimals: r.decimals,
  canonical: r.canonical,
  addedBy: r.added_by,
  addedAt: r.added_at,
  pushedAt: r.pushed_at,
});

@Injectable()
export class TokensRepository {
  readonly db: Kysely<UsdtSchema>;

  constructor(database: Database) {
    this.db = database.db as Kysely<UsdtSchema>;
  }

  async all(): Promise<TokenRow[]> {
    const rows = await this.db.selectFrom('tokens').selectAll().orderBy('canonical', 'desc').orderBy('added_at').execute();
    return rows.map(toRow);
  }

  async find(contract: string): Promise<TokenRow | null> {
    const row = await this.db.selectFrom('tokens').selectAll().where('contract', '=', contract).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  /** Inserts unless the contract is there; returns the row that is. */
  async add(token: Omit<TokenRow, 'addedAt' | 'pushedAt'>): Promise<{ row: TokenRow; added: boolean }> {
    const inserted = await this.db
      .insertInto('tokens')
      .values({ contract: token.contract, name: token.name, symbol: token.symbol, decimals: token.decimals, canonical: token.canonical, added_by: token.addedBy })
      .onConflict((oc) => oc.column('contract').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { row: toRow(inserted), added: true };
    return { row: (await this.find(token.contract)) as TokenRow, added: false };
  }

  async markPushed(contract: string): Promise<void> {
    await this.db.updateTable('tokens').set({ pushed_at: new Date() }).where('contract', '=', contract).execute();
  }

  async unpushed(): Promise<TokenRow[]> {
    return (await this.db.selectFrom('tokens').selectAll().where('pushed_at', 'is', null).execute()).map(toRow);
  }
}
