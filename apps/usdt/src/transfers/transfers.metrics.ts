import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@tronpay/observability';

/** Transfers by how they ended, and those refused before broadcast (by reason). */
@Injectable()
export class TransfersMetrics {
  readonly finished: Counter<'status' | 'token'>;
  readonly refused: Counter<'reason'>;
  readonly refusedCounts: Record<string, number> = {};

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.finished = new Counter({
      name: 'tronpay_usdt_transfers_finished_total',
      help: 'Transfers executed by the usdt service, by final status and token (TRX or TRC20)',
      labelNames: ['status', 'token'],
      registers,
    });
    this.refused = new Counter({
      name: 'tronpay_usdt_transfers_refused_total',
      help: 'Transfers not broadcast because they would have failed (insufficient_energy, insufficient_bandwidth, ...)',
      labelNames: ['reason'],
      registers,
    });
  }

  refuse(reason: string): void {
    this.refused.inc({ reason });
    this.refusedCounts[reason] = (this.refusedCounts[reason] ?? 0) + 1;
  }
}
