import { Injectable } from '@nestjs/common';
import type { PayoutView } from '@tronpay/models';
import type { PayoutDb, PayoutTx } from '../payout.database';
import { PayoutsRepository } from './payouts.repository';
import { PayoutRow, payoutView } from './payout.view';

/** Builds the public view of payouts with their approvals and transactions (inside a transaction when asked). */
@Injectable()
export class PayoutViews {
  constructor(private readonly repository: PayoutsRepository) {}

  async of(rows: PayoutRow[], db: PayoutDb | PayoutTx = this.repository.db): Promise<PayoutView[]> {
    const ids = rows.map((r) => r.id);
    const [approvals, transactions] = await Promise.all([this.repository.approvalsOf(db, ids), this.repository.transactionsOf(db, ids)]);
    return rows.map((r) => payoutView(r, approvals.get(r.id) ?? [], transactions.get(r.id) ?? []));
  }

  async one(row: PayoutRow, db?: PayoutDb | PayoutTx): Promise<PayoutView> {
    return (await this.of([row], db))[0];
  }
}
