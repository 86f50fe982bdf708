import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '@tronpay/observability';

const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];

/** Payouts by route and status, why they were refused or held, their transactions, and how long they took. */
@Injectable()
export class PayoutMetrics {
  readonly payouts: Counter<'route' | 'status'>;
  readonly refusals: Counter<'status' | 'reason'>;
  readonly holds: Counter<'reason'>;
  readonly transactions: Counter<'outcome'>;
  readonly latency: Histogram<'stage'>;
  readonly jobs: Histogram<'outcome'>;
  readonly energy: Counter<'source'>;
  readonly counts = {
    holds: {} as Record<string, number>,
    refusals: {} as Record<string, number>,
    transactions: {} as Record<string, number>,
    jobs: {} as Record<string, number>,
    energy: {} as Record<string, number>,
  };

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.payouts = new Counter({ name: 'tronpay_payouts_total', help: 'Payouts entering each status, by route (v0, kyc)', labelNames: ['route', 'status'], registers });
    this.refusals = new Counter({
      name: 'tronpay_payout_refusals_total',
      help: 'Payouts rejected or failed, by reason (the limit or check that refused it, or what the chain said)',
      labelNames: ['status', 'reason'],
      registers,
    });
    this.holds = new Counter({ name: 'tronpay_payout_holds_total', help: 'Times a queued payout had to wait, by reason (velocity_cap, insufficient_balance, ...)', labelNames: ['reason'], registers });
    this.transactions = new Counter({
      name: 'tronpay_payout_transactions_total',
      help: 'Payout transactions by what became of them (built, signed, sent, refused, confirmed, failed, expired, abandoned)',
      labelNames: ['outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'tronpay_payout_latency_seconds',
      help: 'Time from the request to the payout being broadcast, and to it being confirmed',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.jobs = new Histogram({
      name: 'tronpay_payout_job_duration_seconds',
      help: 'Execution job runs, by outcome (done, waiting, retry, error)',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.energy = new Counter({
      name: 'tronpay_payout_energy_total',
      help: 'USDT payout attempts by where their energy came from (lease: the energy manager, lease_burn: its burn within the cap, burn: PAYOUT_ENERGY=burn, burn_fallback: the energy manager did not answer or failed)',
      labelNames: ['source'],
      registers,
    });
  }

  energySource(source: 'lease' | 'lease_burn' | 'burn' | 'burn_fallback'): void {
    this.energy.inc({ source });
    this.counts.energy[source] = (this.counts.energy[source] ?? 0) + 1;
  }

  entered(route: string, status: string, createdAt: Date): void {
    this.payouts.inc({ route, status });
    if (status === 'broadcast' || status === 'confirmed') this.latency.observe({ stage: status }, (Date.now() - createdAt.getTime()) / 1000);
  }

  refused(status: 'rejected' | 'failed', reason: string): void {
    this.refusals.inc({ status, reason });
    this.counts.refusals[reason] = (this.counts.refusals[reason] ?? 0) + 1;
  }

  held(reason: string): void {
    this.holds.inc({ reason });
    this.counts.holds[reason] = (this.counts.holds[reason] ?? 0) + 1;
  }

  transaction(outcome: string): void {
    this.transactions.inc({ outcome });
    this.counts.transactions[outcome] = (this.counts.transactions[outcome] ?? 0) + 1;
  }

  job(outcome: 'done' | 'waiting' | 'retry' | 'error', seconds: number): void {
    this.jobs.observe({ outcome }, seconds);
    this.counts.jobs[outcome] = (this.counts.jobs[outcome] ?? 0) + 1;
  }
}
