import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@tronpay/observability';

/** What the energy manager did: delegations, reclaims, fallbacks to burning, waits, top-ups. */
@Injectable()
export class EnergyMetrics {
  readonly leases: Counter<'outcome'>;
  readonly delegatedSun: Counter<'resource'>;
  readonly delegatedEnergy: Counter;
  readonly reclaimedSun: Counter<'resource'>;
  readonly burnFallbacks: Counter;
  readonly burnPlannedSun: Counter;
  readonly waits: Counter<'reason'>;
  readonly topUps: Counter<'kind'>;
  readonly topUpSun: Counter<'kind'>;
  /** The same, for /stats (counters since this replica started). */
  readonly counts = {
    ready: 0,
    released: 0,
    failed: 0,
    burnFallbacks: 0,
    burnPlannedSun: 0n,
    waits: {} as Record<string, number>,
    topUps: {} as Record<string, { count: number; sun: bigint }>,
  };

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.leases = new Counter({ name: 'tronpay_energy_leases_total', help: 'Energy leases by outcome (ready, released, failed)', labelNames: ['outcome'], registers });
    this.delegatedSun = new Counter({ name: 'tronpay_energy_delegated_sun_total', help: 'Stake delegated by the energy manager, SUN, by resource', labelNames: ['resource'], registers });
    this.delegatedEnergy = new Counter({ name: 'tronpay_energy_delegated_energy_total', help: 'Energy units the energy manager delegated for transfers', registers });
    this.reclaimedSun = new Counter({ name: 'tronpay_energy_reclaimed_sun_total', help: 'Stake taken back after the transfers, SUN, by resource', labelNames: ['resource'], registers });
    this.burnFallbacks = new Counter({ name: 'tronpay_energy_burn_fallbacks_total', help: 'Leases where staked energy was short and the transfers burn TRX (within the fee cap)', registers });
    this.burnPlannedSun = new Counter({ name: 'tronpay_energy_burn_planned_sun_total', help: 'SUN the transfers were allowed to burn for energy because staked energy was short', registers });
    this.waits = new Counter({ name: 'tronpay_energy_waits_total', help: 'Leases told to wait, by reason (energy_short: the burn needed is over the cap)', labelNames: ['reason'], registers });
    this.topUps = new Counter({ name: 'tronpay_energy_topups_total', help: 'TRX sent from the fee wallet to an address, by what for (activation, bandwidth, energy)', labelNames: ['kind'], registers });
    this.topUpSun = new Counter({ name: 'tronpay_energy_topup_sun_total', help: 'SUN sent from the fee wallet, by what for', labelNames: ['kind'], registers });
  }

  waited(reason: string): void {
    this.waits.inc({ reason });
    this.counts.waits[reason] = (this.counts.waits[reason] ?? 0) + 1;
  }

  toppedUp(kind: string, sun: bigint): void {
    this.topUps.inc({ kind });
    this.topUpSun.inc({ kind }, Number(sun));
    const c = (this.counts.topUps[kind] ??= { count: 0, sun: 0n });
    c.count++;
    c.sun += sun;
  }

  burning(sun: bigint): void {
    this.burnFallbacks.inc();
    this.burnPlannedSun.inc(Number(sun));
    this.counts.burnFallbacks++;
    this.counts.burnPlannedSun += sun;
  }
}
