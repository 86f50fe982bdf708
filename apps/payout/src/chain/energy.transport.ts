import { Inject, Injectable } from '@nestjs/common';
import { EnergyLeaseView, STAKING_ENERGY_ACQUIRE, STAKING_ENERGY_RELEASE } from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';
import { ask, DependencyError } from './dependency.errors';
import { EnergyAsk, EnergyPort } from './energy.port';

/** The energy manager over the transport. */
@Injectable()
export class TransportEnergy extends EnergyPort {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  acquire(a: EnergyAsk): Promise<EnergyLeaseView> {
    return ask('staking', () =>
      this.client.request<EnergyLeaseView>(STAKING_ENERGY_ACQUIRE, {
        key: a.key,
        address: a.address,
        energy: a.energy.toString(),
        bandwidth: String(a.bandwidth),
        topUp: false,
        purpose: 'payout',
        maxBurnSun: a.maxBurnSun.toString(),
        requestedBy: 'payout',
      }),
    );
  }

  async release(key: string): Promise<EnergyLeaseView | null> {
    try {
      return await ask('staking', () => this.client.request<EnergyLeaseView>(STAKING_ENERGY_RELEASE, { key, requestedBy: 'payout' }));
    } catch (e) {
      if (e instanceof DependencyError && e.code === 'lease_not_found') return null;
      throw e;
    }
  }
}
