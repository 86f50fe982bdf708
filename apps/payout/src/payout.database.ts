import type { Kysely, Transaction } from 'kysely';
import type { PayoutSchema } from '@tronpay/models';
import type { Database } from '@tronpay/runtime';

/** The runtime's Kysely, typed with the payout service's tables (scoped to the `payout` schema). */
export type PayoutDb = Kysely<PayoutSchema>;
export type PayoutTx = Transaction<PayoutSchema>;

export function payoutDb(database: Database): PayoutDb {
  return database.db as unknown as PayoutDb;
}
