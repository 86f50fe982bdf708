import {
  FREE_NET_LIMIT,
  RESOURCE_WINDOW_MS,
  TOTAL_ENERGY_LIMIT,
  TOTAL_NET_LIMIT,
  SUN_PER_TRX,
} from '../chain/chain-parameters';
import type { Account, ResourceCode } from './account.types';
import type { View } from './account-repository';
import { GlobalWeights } from './global-weights';

/** Usage left of `usage` recorded at `last` once `now` has passed: java-tron's linear 24 h recovery. */
export function recovered(usage: bigint, last: number, now: number): bigint {
  if (usage <= 0n) return 0n;
  const elapsed = now - last;
  if (elapsed <= 0) return usage;
  if (elapsed >= RESOURCE_WINDOW_MS) return 0n;
  return (usage * BigInt(RESOURCE_WINDOW_MS - elapsed)) / BigInt(RESOURCE_WINDOW_MS);
}

export class ResourceCalculator {
  constructor(private readonly weights: GlobalWeights) {}

  /** Stake that gives this account a resource: its own frozen TRX plus what others delegated to it. */
  stakeFor(account: Account, resource: ResourceCode): bigint {
    return account.frozen[resource] + account.acquired[resource];
  }

  limit(account: Account, resource: ResourceCode, view: View = 'head'): bigint {
    const stake = this.stakeFor(account, resource);
    if (stake === 0n) return 0n;
    const total = resource === 'ENERGY' ? TOTAL_ENERGY_LIMIT : TOTAL_NET_LIMIT;
    return (stake * total) / (this.weights.totalWeight(resource, view) * SUN_PER_TRX);
  }

  netUsed(account: Account, now: number): bigint {
    return recovered(account.netUsage, account.latestConsumeTime, now);
  }

  freeNetUsed(account: Account, now: number): bigint {
    return recovered(account.freeNetUsage, account.latestConsumeFreeTime, now);
  }

  energyUsed(account: Account, now: number): bigint {
    return recovered(account.energyUsage, account.latestConsumeTimeForEnergy, now);
  }

  freeNetLeft(account: Account, now: number): bigint {
    const left = FREE_NET_LIMIT - this.freeNetUsed(account, now);
    return left > 0n ? left : 0n;
  }

  netLeft(account: Account, now: number): bigint {
    const left = this.limit(account, 'BANDWIDTH') - this.netUsed(account, now);
    return left > 0n ? left : 0n;
  }

  energyLeft(account: Account, now: number): bigint {
    const left = this.limit(account, 'ENERGY') - this.energyUsed(account, now);
    return left > 0n ? left : 0n;
  }

  /** SUN of own stake that current usage ties up (java-tron's v2 usage), which cannot be delegated. */
  usedStakeSun(account: Account, resource: ResourceCode, now: number): bigint {
    const used = resource === 'ENERGY' ? this.energyUsed(account, now) : this.netUsed(account, now);
    if (used === 0n) return 0n;
    const total = resource === 'ENERGY' ? TOTAL_ENERGY_LIMIT : TOTAL_NET_LIMIT;
    const sun = (used * this.weights.totalWeight(resource) * SUN_PER_TRX + total - 1n) / total;
    const own = account.frozen[resource];
    const acquired = account.acquired[resource];
    // Usage is charged to own and acquired stake in proportion.
    const ownShare = own + acquired === 0n ? 0n : (sun * own) / (own + acquired);
    return ownShare > own ? own : ownShare;
  }

  /** TRON power: all TRX this account froze, delegated or not, in whole TRX. */
  tronPower(account: Account): bigint {
    const sun = account.frozen.BANDWIDTH + account.frozen.ENERGY + account.delegatedOut.BANDWIDTH + account.delegatedOut.ENERGY;
    return sun / SUN_PER_TRX;
  }
}
