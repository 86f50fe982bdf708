import { Kysely } from 'kysely';
import type { BaseSchema } from '@tronpay/models';

/**
 * Records that `handler` has acted on `messageId`; false when it already had. Call it inside the
 * transaction that does the work, so the record and the effect commit or roll back together.
 */
export async function claimOnce(db: Kysely<BaseSchema>, handler: string, messageId: string): Promise<boolean> {
  const result = await db
    .insertInto('inbox')
    .values({ handler, message_id: messageId })
    .onConflict((oc) => oc.columns(['handler', 'message_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
