import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@tronpay/runtime';
import { tronClientDb } from '../tron-client.database';

export interface TokenRow {
  contract: string;
  symbol: string;
  decimals: number;
}

@Injectable()
export class TokensRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  private get db() {
    return tronClientDb(this.database);
  }

  /** Inserts the token, or returns the row already there (which may differ). */
  async add(token: TokenRow): Promise<{ row: TokenRow; added: boolean }> {
    const inserted = await this.db
      .insertInto('tokens')
      .values(token)
      .onConflict((oc) => oc.column('contract').doNothing())
      .returning(['contract', 'symbol', 'decimals'])
      .executeTakeFirst();
    if (inserted) return { row: inserted, added: true };
    const row = await this.db.selectFrom('tokens').select(['contract', 'symbol', 'decimals']).where('contract', '=', token.contract).executeTakeFirstOrThrow();
    return { row, added: false };
  }

  all(): Promise<TokenRow[]> {
    return this.db.selectFrom('tokens').select(['contract', 'symbol', 'decimals']).execute();
  }
}
