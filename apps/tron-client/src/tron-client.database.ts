import { Kysely } from 'kysely';
import type { TronClientSchema } from '@tronpay/models';
import type { Database } from '@tronpay/runtime';

/** The runtime's Kysely, typed with tron-client's tables (scoped to the `tron_client` schema). */
export function tronClientDb(database: Database): Kysely<TronClientSchema> {
  return database.db as unknown as Kysely<TronClientSchema>;
}
