import { StateStore } from '../chain/state-store';
import { BASE_ENERGY_WEIGHT, BASE_NET_WEIGHT } from '../chain/chain-parameters';
import type { ResourceCode } from './account.types';
import type { View } from './account-repository';

interface Weights {
  /** Total SUN frozen for each resource by devnet accounts. */
  frozenSun: Record<ResourceCode, bigint>;
}

const KEY = 'g:weights';

/** TotalNetWeight / TotalEnergyWeight: everything staked, in whole TRX, plus the simulated rest of the network. */
export class GlobalWeights {
  constructor(private readonly state: StateStore) {
    if (!state.get(KEY)) state.setGenesis(KEY, { frozenSun: { BANDWIDTH: 0n, ENERGY: 0n } } satisfies Weights);
  }

  totalWeight(resource: ResourceCode, view: View = 'head'): bigint {
    const w = (view === 'head' ? this.state.get<Weights>(KEY) : this.state.getSolid<Weights>(KEY)) as Weights;
    const base = resource === 'ENERGY' ? BASE_ENERGY_WEIGHT : BASE_NET_WEIGHT;
    return base + w.frozenSun[resource] / 1_000_000n;
  }

  add(resource: ResourceCode, sun: bigint): void {
    const w = this.state.get<Weights>(KEY) as Weights;
    w.frozenSun[resource] += sun;
    this.state.touch(KEY);
  }
}
