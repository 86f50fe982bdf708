import type { EnergyLeaseView } from '@tronpay/models';

export interface EnergyAsk {
  /** `payout:<id>:<attempt>` */
  key: string;
  /** The hot wallet that sends the transfer, base58. */
  address: string;
  energy: bigint;
  bandwidth: number;
  /** The most TRX the transfer may burn for energy when staked energy is short (its fee limit). */
  maxBurnSun: bigint;
}

/** The staking service's energy manager, as the payout service uses it; swapped in specs. */
export abstract class EnergyPort {
  /** `staking.energy.acquire.v1` for the hot wallet (it pays its own fees: no top-up); idempotent by key. */
  abstract acquire(ask: EnergyAsk): Promise<EnergyLeaseView>;
  /** `staking.energy.release.v1`; null when the staking service never had the lease. */
  abstract release(key: string): Promise<EnergyLeaseView | null>;
}
