import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { PayoutEnergy } from '../execution/payout-energy';
import { PayoutQueue } from '../execution/payout-queue';
import { PayoutRelay } from '../execution/payout-relay';
import { PayoutWorker } from '../execution/payout-worker';
import { ReservationsRepository } from '../execution/reservations.repository';
import { TxEventsService } from '../execution/tx-events.service';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { OutboxRepository } from '../outbox/outbox.repository';
import { PayoutsRepository } from '../payouts/payouts.repository';
import { RestoreReconciler } from '../restore/restore-reconciler';
import { RestoresRepository } from '../restore/restores.repository';
import { whole } from '../payouts/payout.view';
import { PayoutMetrics } from './payout.metrics';

const wholeAll = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, whole(v)]));

/** What `GET /payout-router/stats` shows: payouts by status and route, holds, reservations, the queue and the outbox. */
@Injectable()
export class PayoutStats {
  constructor(
    private readonly payouts: PayoutsRepository,
    private readonly reservations: ReservationsRepository,
    private readonly outbox: OutboxRepository,
    private readonly queue: PayoutQueue,
    private readonly worker: PayoutWorker,
    private readonly relay: PayoutRelay,
    private readonly publisher: OutboxPublisher,
    private readonly txEvents: TxEventsService,
    private readonly metrics: PayoutMetrics,
    private readonly restores: RestoresRepository,
    private readonly reconciler: RestoreReconciler,
    private readonly energy: PayoutEnergy,
  ) {}

  /** The latest restore from a backup and its search of the chain (null: this database was never restored). */
  private async restore() {
    const r = await this.restores.latest();
    if (!r) return null;
    return {
      backupAt: r.backup_at.toISOString(),
      restoredAt: r.restored_at.toISOString(),
      finished: r.finished_at !== null,
      searchedFrom: r.from_block === null ? null : Number(r.from_block),
      searchedTo: r.searched_to === null ? null : Number(r.searched_to),
      searchedToTime: r.searched_to_time?.toISOString() ?? null,
      searchUntil: r.search_until?.toISOString() ?? null,
      ...(await this.restores.counts(r.id)),
      summary: r.summary,
      lastError: this.reconciler.lastError,
    };
  }

  async collect() {
    const db = this.payouts.db;
    const [byStatus, held, oldest, reserved, lastHour, pendingEvents, queue, restore, energy] = await Promise.all([
      db.selectFrom('payouts').select(['route', 'status', sql<number>`count(*)::int`.as('n')]).groupBy(['route', 'status']).execute(),
      db.selectFrom('payouts').select(['hold_reason', sql<number>`count(*)::int`.as('n')]).where('status', '=', 'queued').where('hold_reason', 'is not', null).groupBy('hold_reason').execute(),
      db.selectFrom('payouts').select(sql<number | null>`extract(epoch from now() - min(created_at))::float8`.as('age')).where('status', 'in', ['queued', 'signed']).executeTakeFirstOrThrow(),
      this.reservations.reservedByCurrency(),
      this.reservations.lastHourByCurrency(),
      this.outbox.pending(),
      this.queue.counts().catch(() => null),
      this.restore(),
      this.energy.stats(),
    ]);
    const statuses: Record<string, number> = {};
    const routes: Record<string, Record<string, number>> = {};
    for (const r of byStatus) {
      statuses[r.status] = (statuses[r.status] ?? 0) + r.n;
      (routes[r.route] ??= {})[r.status] = r.n;
    }
    return {
      byStatus: statuses,
      byRoute: routes,
      held: Object.fromEntries(held.map((h) => [h.hold_reason as string, h.n])),
      oldestInFlightSeconds: oldest.age === null ? null : Math.round(oldest.age),
      reserved: wholeAll(reserved),
      sentLastHour: wholeAll(lastHour),
      refusals: this.metrics.counts.refusals,
      holdsSinceStart: this.metrics.counts.holds,
      transactions: this.metrics.counts.transactions,
      jobs: this.metrics.counts.jobs,
      energy,
      queue,
      worker: { running: this.worker.running },
      relay: { handed: this.relay.handed, lastRoundAt: this.relay.lastRoundAt?.toISOString() ?? null, lastError: this.relay.lastError },
      events: { pending: pendingEvents, published: this.publisher.published, txEventsApplied: this.txEvents.applied },
      restore,
    };
  }
}
