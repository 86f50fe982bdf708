import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { sql } from 'kysely';
import { Gauge } from 'prom-client';
import { MetricsService } from '@tronpay/observability';
import { Database } from '@tronpay/runtime';
import { PayoutDb, payoutDb } from '../payout.database';

/** As often as Prometheus scrapes (the ServiceMonitors' 15 s). */
const REFRESH_MS = 15_000;

/**
 * `tronpay_payouts_broadcast_past_expiration`: payouts still `broadcast` whose current transaction
 * is past its expiration. Such a one either landed or can never land, and tron-client should say
 * which within the solidification delay; the alert TronpayPayoutStuckInBroadcast fires when some
 * stay so for 5 minutes (tron-client down, events lost, a node lying about the chain). Counted in
 * the database on a schedule, so every replica shows the same number (the alert takes the max).
 */
@Injectable()
export class BroadcastExpiryGauge implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BroadcastExpiryGauge');
  private readonly db: PayoutDb;
  readonly gauge: Gauge;
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<unknown>;

  constructor(metrics: MetricsService, @Inject(Database) database: Database) {
    this.db = payoutDb(database);
    this.gauge = new Gauge({
      name: 'tronpay_payouts_broadcast_past_expiration',
      help: 'Payouts in broadcast whose current transaction is past its expiration (tron-client has not yet reported it confirmed or expired)',
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
    void this.refresh();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.refreshing;
  }

  /** Counts them now and sets the gauge; on a database error the last count stays. */
  async refresh(): Promise<number | null> {
    const run = this.count().then(
      (n) => (this.gauge.set(n), n),
      (e: Error) => (this.logger.warn(`could not count broadcast payouts past expiration: ${e.message}`), null),
    );
    this.refreshing = run;
    return run;
  }

  private async count(): Promise<number> {
    const r = await this.db
      .selectFrom('payouts as p')
      .innerJoin('payout_transactions as t', 't.tx_id', 'p.tx_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('p.status', '=', 'broadcast')
      .where('t.expiration', '<', sql<Date>`now()`)
      .executeTakeFirstOrThrow();
    return r.n;
  }
}
