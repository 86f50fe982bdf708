import { Inject, Injectable } from '@nestjs/common';
import { Insertable, sql, Updateable } from 'kysely';
import type { RecipientTable } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { PayoutDb, payoutDb, PayoutTx } from '../payout.database';
import type { RecipientRow } from './recipient.view';

type Reader = PayoutDb | PayoutTx;

/** Raised when another recipient has the external id (the unique constraint, not a prior read, decides). */
export class ExternalIdTaken extends Error {}

function isExternalIdViolation(e: unknown): boolean {
  const pg = e as { code?: string; constraint?: string };
  return pg.code === '23505' && (pg.constraint ?? '').includes('external_id');
}

@Injectable()
export class RecipientsRepository {
  readonly db: PayoutDb;

  constructor(@Inject(Database) database: Database) {
    this.db = payoutDb(database);
  }

  async lockKey(tx: PayoutTx, key: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`recipient-key:${key}`}, 0))`.execute(tx);
  }

  find(db: Reader, id: string): Promise<RecipientRow | undefined> {
    return db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findMany(db: Reader, ids: string[]): Promise<RecipientRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return db.selectFrom('recipients').selectAll().where('id', 'in', ids).execute();
  }

  byKey(db: Reader, key: string): Promise<RecipientRow | undefined> {
    return db.selectFrom('recipients').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  byExternalId(db: Reader, externalId: string): Promise<RecipientRow | undefined> {
    return db.selectFrom('recipients').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  }

  async insert(tx: PayoutTx, row: Insertable<RecipientTable>): Promise<RecipientRow> {
    try {
      return await tx.insertInto('recipients').values(row).returningAll().executeTakeFirstOrThrow();
    } catch (e) {
      if (isExternalIdViolation(e)) throw new ExternalIdTaken();
      throw e;
    }
  }

  async update(tx: PayoutTx, id: string, patch: Updateable<RecipientTable>): Promise<RecipientRow | undefined> {
    try {
      return await tx.updateTable('recipients').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
    } catch (e) {
      if (isExternalIdViolation(e)) throw new ExternalIdTaken();
      throw e;
    }
  }

  findForUpdate(tx: PayoutTx, id: string): Promise<RecipientRow | undefined> {
    return tx.selectFrom('recipients').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }
}
