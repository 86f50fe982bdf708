import { Injectable } from '@nestjs/common';
import type { PayoutRow } from '../payouts/payout.view';
import { RestoreRow, RestoresRepository } from './restores.repository';

/** The open restore is read again after this: a restore's end is seen within a second. */
const CACHE_MS = 1_000;

/**
 * After a restore, a payout the backup held may have been paid since by a transaction the backup
 * never saw. Until the chain since the backup has been searched (RestoreReconciler), such a payout
 * gets no new transaction and cannot be cancelled: the search may find it paid. Payouts made
 * after the restore are not held. A restore is written before the services start on the
 * restored database (scripts/backup.mjs), so the first look already sees it.
 */
@Injectable()
export class RestoreGate {
  private cached?: { at: number; restore: Promise<RestoreRow | undefined> };

  constructor(private readonly repository: RestoresRepository) {}

  /** The open restore that holds this payout; undefined when it may go on. */
  async holding(p: Pick<PayoutRow, 'created_at'>): Promise<RestoreRow | undefined> {
    const r = await this.open();
    return r?.payouts_before && p.created_at.getTime() <= r.payouts_before.getTime() ? r : undefined;
  }

  open(): Promise<RestoreRow | undefined> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.restore;
    const restore = this.repository.open();
    this.cached = { at: Date.now(), restore };
    restore.catch(() => (this.cached = undefined));
    return restore;
  }

  forget(): void {
    this.cached = undefined;
  }
}
