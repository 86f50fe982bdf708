import type { Kysely } from 'kysely';
import type { GatewaySchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

/** The runtime's Database, typed with the gateway's schema. */
export type GatewayDb = Kysely<GatewaySchema>;

export function gatewayDb(database: Database): GatewayDb {
  return database.db as Kysely<GatewaySchema>;
}
