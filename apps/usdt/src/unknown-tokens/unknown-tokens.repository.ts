import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import type { UsdtSchema, UsdtUnknownTokenTransferView } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export interface SeenTransfer {
  txId: string;
  logIndex: number;
  contract: string;
  to: string;
  from: string;
  amount: string;
  blockNumber: number;
  blockTime: Date;
}

@Injectable()
export class UnknownTokensRepository {
  readonly db: Kysely<UsdtSchema>;

  constructor(database: Database) {
    this.db = database.db as Kysely<UsdtSchema>;
  }

  /** Once per (tx, log): a re-published event changes nothing. True when this call recorded it. */
  async record(t: SeenTransfer): Promise<boolean> {
    const r = await this.db
      .insertInto('unknown_token_transfers')
      .values({
        tx_id: t.txId,
        log_index: t.logIndex,
        contract: t.contract,
        to_address: t.to,
        from_address: t.from,
        amount: t.amount,
        block_number: t.blockNumber,
        block_time: t.blockTime,
      })
      .onConflict((oc) => oc.columns(['tx_id', 'log_index']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async knows(contract: string): Promise<boolean> {
    return (await this.db.selectFrom('unknown_tokens').select('contract').where('contract', '=', contract).executeTakeFirst()) !== undefined;
  }

  async describe(contract: string, meta: { name: string | null; symbol: string | null; decimals: number | null }): Promise<void> {
    await this.db
      .insertInto('unknown_tokens')
      .values({ contract, ...meta })
      .onConflict((oc) => oc.column('contract').doNothing())
      .execute();
  }

  async page(limit: number, cursor?: string, address?: string): Promise<{ data: UsdtUnknownTokenTransferView[]; nextCursor: string | null }> {
    let q = this.db
      .selectFrom('unknown_token_transfers as t')
      .leftJoin('unknown_tokens as k', 'k.contract', 't.contract')
      .select(['t.id', 't.tx_id', 't.log_index', 't.contract', 't.to_address', 't.from_address', 't.amount', 't.block_number', 't.block_time', 't.seen_at', 'k.name', 'k.symbol', 'k.decimals'])
      .orderBy('t.id', 'desc')
      .limit(limit + 1);
    if (cursor) q = q.where('t.id', '<', cursor);
    if (address) q = q.where('t.to_address', '=', address);
    const rows = await q.execute();
    const page = rows.slice(0, limit);
    return {
      data: page.map((r) => ({
        contract: r.contract,
        name: r.name ?? null,
        symbol: r.symbol ?? null,
        decimals: r.decimals ?? null,
        to: r.to_address,
        from: r.from_address,
        amount: r.amount,
        txId: r.tx_id,
        logIndex: r.log_index,
        blockNumber: Number(r.block_number),
        blockTime: r.block_time.toISOString(),
        seenAt: r.seen_at.toISOString(),
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }

  async counts(): Promise<{ transfers: number; contracts: number; addresses: number }> {
    const r = await this.db
      .selectFrom('unknown_token_transfers')
      .select([
        sql<number>`count(*)::int`.as('transfers'),
        sql<number>`count(distinct contract)::int`.as('contracts'),
        sql<number>`count(distinct to_address)::int`.as('addresses'),
      ])
      .executeTakeFirstOrThrow();
    return r;
  }
}
