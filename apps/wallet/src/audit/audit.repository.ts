import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import type { WalletSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export interface AuditEntry {
  actor: string;
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  walletId?: string;
  address?: string;
  purpose?: string;
  reference?: string;
  txId?: string;
  reason?: string;
}

/** The append-only record of key use; the table itself refuses UPDATE, DELETE and TRUNCATE. */
@Injectable()
export class AuditRepository {
  constructor(private readonly database: Database<WalletSchema>) {}

  async append(entry: AuditEntry, db: Kysely<WalletSchema> = this.database.db): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        actor: entry.actor,
        action: entry.action,
        outcome: entry.outcome,
        wallet_id: entry.walletId ?? null,
        address: entry.address ?? null,
        purpose: entry.purpose ?? null,
        reference: entry.reference ?? null,
        tx_id: entry.txId ?? null,
        reason: entry.reason ?? null,
      })
      .execute();
  }
}
