import { Inject, Injectable } from '@nestjs/common';
import type { ApprovePayoutRequest, CancelPayoutRequest, PayoutView } from '@tronpay/models';
import { TransactionsRepository } from '../execution/transactions.repository';
import { PayoutError } from '../payout.errors';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { RestoreGate } from '../restore/restore-gate';
import { PayoutViews } from './payout-views';
import { PayoutWork } from './payout-work';
import { PayoutsRepository } from './payouts.repository';

/**
 * Maker-checker and cancellation. An approval comes from a key with `payouts:approve` (the gateway
 * checks the scope) that is not the creator's; each key counts once; the payout is queued when it
 * has as many as its route and warnings need. A payout is cancelled only while no signed
 * transaction of it exists: once one is stored it may be on its way, and only the chain can end it.
 * After a restore, a payout of the backup is not cancelled until the chain since the backup has
 * been searched: the lost system may have sent it (RestoreGate).
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly repository: PayoutsRepository,
    private readonly transactions: TransactionsRepository,
    private readonly work: PayoutWork,
    private readonly views: PayoutViews,
    private readonly gate: RestoreGate,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  async approve(r: ApprovePayoutRequest): Promise<PayoutView> {
    const row = await this.work.run(async (tx, fx) => {
      const p = await this.repository.findForUpdate(tx, r.id);
      if (!p) throw new PayoutError('payout_not_found', 'No such payout');
      if (p.status !== 'pending_approval') throw new PayoutError('payout_state_conflict', `The payout is ${p.status}: only a payout pending approval can be approved`);
      if (r.requestedBy === p.created_by) throw new PayoutError('self_approval', 'The creator of a payout cannot approve it');
      if (!(await this.repository.addApproval(tx, p.id, r.requestedBy))) throw new PayoutError('duplicate_approval', 'This key has approved this payout already; another key must approve it');
      if ((await this.repository.countApprovals(tx, p.id)) < p.approvals_required) return p;
      const now = new Date();
      return this.work.move(tx, fx, p, 'queued', { queued_at: now, next_run_at: new Date(now.getTime() + this.settings.execution.jobLockMs * 2) });
    });
    return this.views.one(row);
  }

  async cancel(r: CancelPayoutRequest): Promise<PayoutView> {
    const row = await this.work.run(async (tx, fx) => {
      const p = await this.repository.findForUpdate(tx, r.id);
      if (!p) throw new PayoutError('payout_not_found', 'No such payout');
      if (p.status === 'cancelled') return p;
      if (p.status !== 'pending_approval' && p.status !== 'queued') {
        throw new PayoutError('payout_state_conflict', `The payout is ${p.status}: only a payout pending approval or queued can be cancelled`);
      }
      if (await this.gate.holding(p)) {
        throw new PayoutError('payout_state_conflict', 'The database was restored from a backup that held this payout: it may have been sent since, so it can be cancelled only once the chain has been searched for it');
      }
      const live = await this.transactions.live(tx, p.id);
      if (live && live.status !== 'built') throw new PayoutError('payout_state_conflict', 'A signed transaction of this payout exists: it may be on its way and cannot be recalled');
      // Built but never signed and stored: it was never sent, so it can be let go.
      if (live) await this.transactions.move(tx, live.tx_id, ['built'], { status: 'abandoned', reason: 'payout cancelled', finished_at: new Date() });
      return this.work.move(tx, fx, p, 'cancelled', {
        cancel_reason: r.reason ?? null,
        cancelled_by: r.requestedBy,
        finished_at: new Date(),
        next_run_at: null,
        hold_reason: null,
      });
    });
    return this.views.one(row);
  }
}
