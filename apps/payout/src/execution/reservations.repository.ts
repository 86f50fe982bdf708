import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Database } from '@tronpay/runtime';
import { PayoutDb, payoutDb, PayoutTx } from '../payout.database';

export interface OpenReservations {
  /** Base units still to leave the hot wallet, by currency. */
  trx: bigint;
  usdt: bigint;
  /** SUN set aside for fees. */
  fees: bigint;
}

const IN_FLIGHT = ['queued', 'signed', 'broadcast'] as const;
const SENT_OR_SENDING = ['queued', 'signed', 'broadcast', 'confirmed'] as const;

/** The sums a reservation is checked against; read under the hot wallet's advisory lock. */
@Injectable()
export class ReservationsRepository {
  readonly db: PayoutDb;

  constructor(@Inject(Database) database: Database) {
    this.db = payoutDb(database);
  }

  /**
   * What is reserved against the hot wallet and not yet in a balance read at `solidBlock`: every
   * payout still in flight, and those that ended on chain in a later block (a failed one only
   * for its fee: its amount never left).
   */
  async open(tx: PayoutTx, hotWalletId: string, solidBlock: number): Promise<OpenReservations> {
    const r = await tx
      .selectFrom('payouts')
      .select([
        sql<string>`coalesce(sum(amount) filter (where currency = 'TRX' and status <> 'failed'), 0)::text`.as('trx'),
        sql<string>`coalesce(sum(amount) filter (where currency = 'USDT' and status <> 'failed'), 0)::text`.as('usdt'),
        sql<string>`coalesce(sum(reserved_fee), 0)::text`.as('fees'),
      ])
      .where('hot_wallet_id', '=', hotWalletId)
      .where('reserved_at', 'is not', null)
      .where((eb) => eb.or([eb('status', 'in', [...IN_FLIGHT]), eb.and([eb('status', 'in', ['confirmed', 'failed']), eb('settled_block', '>', String(solidBlock))])]))
      .executeTakeFirstOrThrow();
    return { trx: BigInt(r.trx), usdt: BigInt(r.usdt), fees: BigInt(r.fees) };
  }

  /** What the hot wallet sent, or is sending, in the last hour (the velocity cap's window). */
  async lastHour(tx: PayoutTx, hotWalletId: string, currency: 'TRX' | 'USDT'): Promise<bigint> {
    const r = await tx
      .selectFrom('payouts')
      .select(sql<string>`coalesce(sum(amount), 0)::text`.as('total'))
      .where('hot_wallet_id', '=', hotWalletId)
      .where('currency', '=', currency)
      .where('reserved_at', '>', sql<Date>`now() - interval '1 hour'`)
      .where('status', 'in', [...SENT_OR_SENDING])
      .executeTakeFirstOrThrow();
    return BigInt(r.total);
  }

  async reservedByCurrency(): Promise<Record<string, string>> {
    const rows = await this.db
      .selectFrom('payouts')
      .select(['currency', sql<string>`coalesce(sum(amount), 0)::text`.as('total')])
      .where('reserved_at', 'is not', null)
      .where('status', 'in', [...IN_FLIGHT])
      .groupBy('currency')
      .execute();
    return Object.fromEntries(rows.map((x) => [x.currency, x.total]));
  }

  async lastHourByCurrency(): Promise<Record<string, string>> {
    const rows = await this.db
      .selectFrom('payouts')
      .select(['currency', sql<string>`coalesce(sum(amount), 0)::text`.as('total')])
      .where('reserved_at', '>', sql<Date>`now() - interval '1 hour'`)
      .where('status', 'in', [...SENT_OR_SENDING])
      .groupBy('currency')
      .execute();
    return Object.fromEntries(rows.map((x) => [x.currency, x.total]));
  }
}
