import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@tronpay/observability';

/** Sweeps by outcome, what they moved and burned, and why they waited. */
@Injectable()
export class SweepsMetrics {
  readonly finished: Counter<'status' | 'token'>;
  readonly moved: Counter<'token'>;
  readonly feeSun: Counter<'token'>;
  readonly waits: Counter<'reason'>;
  readonly deposits: Counter<'token'>;
  readonly heldBack: Counter;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.finished = new Counter({ name: 'tronpay_sweeps_finished_total', help: 'Sweeps ended, by status (completed, failed, skipped) and token', labelNames: ['status', 'token'], registers });
    this.moved = new Counter({ name: 'tronpay_sweep_amount_total', help: 'Base units swept to the treasury, by token', labelNames: ['token'], registers });
    this.feeSun = new Counter({ name: 'tronpay_sweep_fee_sun_total', help: 'SUN the sweeps\' own transfers burned, by token', labelNames: ['token'], registers });
    this.waits = new Counter({ name: 'tronpay_sweep_waits_total', help: 'Times a sweep had to wait, by reason (energy_short: the burn it needs is over the fee cap)', labelNames: ['reason'], registers });
    this.heldBack = new Counter({ name: 'tronpay_sweep_deposits_held_back_total', help: 'USDT deposits to TRX invoice addresses, not swept automatically (a TRX top-up would pay the invoice)', registers });
    this.deposits = new Counter({ name: 'tronpay_sweep_deposits_recorded_total', help: 'Confirmed deposits to invoice addresses recorded for sweeping, by token', labelNames: ['token'], registers });
  }
}

/** 'TRX' or 'TRC20' (a contract address would make a label per token). */
export const tokenLabel = (token: string) => (token === 'TRX' ? 'TRX' : 'USDT');
