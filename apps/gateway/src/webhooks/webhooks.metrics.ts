import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SendResult } from './webhook-sender';

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class WebhooksMetrics {
  readonly deliveries: Counter<'outcome'>;
  readonly duration: Histogram<'result'>;
  readonly pending: Gauge;

  /** `countPending` feeds the gauge at each scrape; a failing database leaves its last value. */
  constructor(registry: Registry, countPending: () => Promise<number>) {
    this.deliveries = new Counter({
      name: 'tronpay_webhook_deliveries_total',
      help: 'Webhook delivery attempts by what they left the delivery as (delivered, retrying, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'tronpay_webhook_delivery_duration_seconds',
      help: 'Time of each webhook POST, by result (success, http_error, timeout, network_error, refused)',
      labelNames: ['result'],
      buckets: BUCKETS,
      registers: [registry],
    });
    this.pending = new Gauge({
      name: 'tronpay_webhook_deliveries_pending',
      help: 'Webhook deliveries not yet delivered nor given up',
      registers: [registry],
      async collect() {
        try {
          this.set(await countPending());
        } catch {
          // keep the last value
        }
      },
    });
  }

  observe(outcome: DeliveryOutcome, result: SendResult, latencyMs: number): void {
    this.deliveries.inc({ outcome });
    this.duration.observe({ result }, latencyMs / 1000);
  }
}
