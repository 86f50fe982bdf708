import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Updateable } from 'kysely';
import { PAYOUT_EVENT_TYPES, PAYOUT_STATUS_EVENT, PayoutRowStatus, PayoutStatusEvent, PayoutTable, PayoutView } from '@tronpay/models';
import { PayoutMetrics } from '../observability/payout.metrics';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { PayoutTx } from '../payout.database';
import { canMove, EVENT_OF } from './payout-state';
import { PayoutSignals } from './payout-signals';
import { PayoutViews } from './payout-views';
import { PayoutsRepository } from './payouts.repository';
import { PayoutRow, payoutView } from './payout.view';

type PayoutEventType = (typeof PAYOUT_EVENT_TYPES)[number];

/** What a committed transaction set in motion: applied only after the commit. */
export class Effects {
  readonly entered: Array<{ route: string; status: PayoutRowStatus; createdAt: Date }> = [];
  readonly refused: Array<{ status: 'rejected' | 'failed'; reason: string }> = [];
  readonly enqueue = new Set<string>();
  readonly transactions: string[] = [];
  outbox = false;
}

export type Work = (tx: PayoutTx, fx: Effects) => Promise<unknown>;

/**
 * Every change of a payout goes through here: one database transaction, each status move checked
 * against the state machine and written with its webhook event (the outbox), the metrics and the
 * hints to the queue and the publisher applied after the commit.
 */
@Injectable()
export class PayoutWork {
  constructor(
    private readonly repository: PayoutsRepository,
    private readonly outbox: OutboxRepository,
    private readonly views: PayoutViews,
    private readonly signals: PayoutSignals,
    private readonly metrics: PayoutMetrics,
  ) {}

  async run<T>(work: (tx: PayoutTx, fx: Effects) => Promise<T>): Promise<T> {
    const fx = new Effects();
    const result = await this.repository.db.transaction().execute((tx) => work(tx, fx));
    this.apply(fx);
    return result;
  }

  private apply(fx: Effects): void {
    for (const e of fx.entered) this.metrics.entered(e.route, e.status, e.createdAt);
    for (const r of fx.refused) this.metrics.refused(r.status, r.reason);
    for (const t of fx.transactions) this.metrics.transaction(t);
    this.signals.enqueue([...fx.enqueue]);
    if (fx.outbox) this.signals.outbox();
  }

  /** A new payout entered its first status. */
  async created(tx: PayoutTx, fx: Effects, row: PayoutRow): Promise<void> {
    this.note(fx, row);
    const type = EVENT_OF[row.status];
    // A new payout has no approvals nor transactions yet: its view needs no query.
    if (type) await this.announce(tx, fx, row, type, payoutView(row, [], []));
  }

  /** Moves a payout (row locked by the caller) to `to`, with its event; throws on a move the state machine forbids. */
  async move(tx: PayoutTx, fx: Effects, row: PayoutRow, to: PayoutRowStatus, patch: Updateable<PayoutTable> = {}): Promise<PayoutRow> {
    if (!canMove(row.status, to)) throw new Error(`payout ${row.id}: ${row.status} -> ${to} is not a move a payout may make`);
    const updated = await this.repository.update(tx, row.id, row.status, { ...patch, status: to });
    if (!updated) throw new Error(`payout ${row.id} left ${row.status} under a lock`);
    // The chain's answer may overtake our record of the broadcast: merchants still hear of the broadcast first.
    if (row.status === 'signed' && (to === 'confirmed' || (to === 'failed' && updated.settled_block !== null))) await this.announce(tx, fx, { ...updated, status: 'broadcast' }, 'payout.broadcast');
    this.note(fx, updated);
    const type = EVENT_OF[to];
    if (type) await this.announce(tx, fx, updated, type);
    return updated;
  }

  private note(fx: Effects, row: PayoutRow): void {
    fx.entered.push({ route: row.route, status: row.status, createdAt: row.created_at });
    if ((row.status === 'rejected' || row.status === 'failed') && row.failure_reason) fx.refused.push({ status: row.status, reason: row.failure_reason });
    if (row.status === 'queued') fx.enqueue.add(row.id);
  }

  private async announce(tx: PayoutTx, fx: Effects, row: PayoutRow, type: PayoutEventType, view?: PayoutView): Promise<void> {
    const event: PayoutStatusEvent = { eventId: randomUUID(), type, payout: { ...(view ?? (await this.views.one(row, tx))) }, occurredAt: new Date().toISOString() };
    await this.outbox.add(tx, PAYOUT_STATUS_EVENT, { ...event });
    fx.outbox = true;
  }
}
