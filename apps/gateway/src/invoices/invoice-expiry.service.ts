import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RestartRegistry } from '@tronpay/runtime';
import { EventCommits } from '../events/event-commits';
import { EventsService } from '../events/events.service';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { invoiceView } from './invoice.view';
import { InvoicesMetrics } from './invoices.metrics';
import { InvoicesRepository } from './invoices.repository';

const BATCH = 200;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Expires open invoices past `expiresAt` (plus the grace for late scanner reports) on every
 * replica. The state lives in PostgreSQL, so a restart loses no expiry: the next round finds
 * what is due; `skip locked` keeps replicas off each other's rows. Also forgets old idempotency keys.
 */
@Injectable()
export class InvoiceExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InvoiceExpiry');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private lastPrune = 0;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
    private readonly repository: InvoicesRepository,
    private readonly events: EventsService,
    private readonly commits: EventCommits,
    private readonly idempotency: IdempotencyService,
    private readonly metrics: InvoicesMetrics,
    restarts: RestartRegistry,
  ) {
    restarts.register('invoice-expiry', { stop: () => this.stop(), start: () => this.start() });
  }

  onApplicationBootstrap() {
    this.start();
  }

  onApplicationShutdown() {
    return this.stop();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.settings.invoices.expiryIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  private tick(): void {
    if (this.round) return;
    this.round = this.runOnce()
      .then(() => undefined)
      .catch((e: Error) => this.logger.warn(`expiry round failed: ${e.message}`))
      .finally(() => (this.round = undefined));
  }

  /** Expires everything due now; returns how many. */
  async runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.repository.db.transaction().execute(async (tx) => {
        const expired = await this.repository.expireDue(tx, this.settings.invoices.expiryGraceSeconds, BATCH);
        if (!expired.length) return 0;
        const payments = await this.repository.payments(tx, expired.map((i) => i.id));
        for (const invoice of expired) {
          await this.events.record(tx, 'invoice.expired', { invoice: invoiceView(invoice, payments.get(invoice.id) ?? []) });
        }
        return expired.length;
      });
      if (n) {
        this.metrics.transitions.inc({ status: 'expired' }, n);
        this.commits.committed();
      }
      total += n;
      if (n < BATCH) break;
    }
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.idempotency.prune();
    }
    return total;
  }
}
