import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@tronpay/observability';

/** Invoice transitions and deposits the gateway saw but did not count. */
@Injectable()
export class InvoicesMetrics {
  readonly transitions: Counter<'status'>;
  readonly ignored: Counter<'reason'>;
  readonly ignoredCounts: Record<string, number> = {};

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.transitions = new Counter({
      name: 'tronpay_invoice_transitions_total',
      help: 'Invoices entering each status',
      labelNames: ['status'],
      registers,
    });
    this.ignored = new Counter({
      name: 'tronpay_invoice_deposits_ignored_total',
      help: 'Deposits to invoice addresses not counted, by reason (other token, not an invoice address)',
      labelNames: ['reason'],
      registers,
    });
  }

  ignore(reason: 'other_token' | 'not_an_invoice'): void {
    this.ignored.inc({ reason });
    this.ignoredCounts[reason] = (this.ignoredCounts[reason] ?? 0) + 1;
  }
}
