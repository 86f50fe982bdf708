import { omitDefaults } from '../chain/json-view';
import { FREE_NET_LIMIT, RESOURCE_WINDOW_MS, TOTAL_ENERGY_LIMIT, TOTAL_NET_LIMIT } from '../chain/chain-parameters';
import type { Account, Permission } from './account.types';
import { activePermissionsOf, ownerPermissionOf } from './account.types';
import type { View } from './account-repository';
import { GlobalWeights } from './global-weights';
import { ResourceCalculator } from './resource-calculator';

function permissionJson(p: Permission): Record<string, unknown> {
  return omitDefaults({
    type: p.type === 'Owner' ? undefined : p.type,
    id: p.id,
    permission_name: p.permission_name,
    threshold: p.threshold,
    parent_id: p.parent_id,
    operations: p.operations,
    keys: p.keys.map((k) => ({ address: k.address, weight: k.weight })),
  });
}

/** protocol.Account as java-tron's getaccount prints it (Stake 2.0 fields, defaults omitted). */
export function accountJson(a: Account, resources: ResourceCalculator, now: number): Record<string, unknown> {
  const accountResource = omitDefaults({
    energy_usage: resources.energyUsed(a, now),
    latest_consume_time_for_energy: a.latestConsumeTimeForEnergy,
    energy_window_size: a.energyUsage > 0n ? RESOURCE_WINDOW_MS / 3000 : 0,
    delegated_frozenV2_balance_for_energy: a.delegatedOut.ENERGY,
    acquired_delegated_frozenV2_balance_for_energy: a.acquired.ENERGY,
  });
  return omitDefaults({
    address: a.address,
    balance: a.balance,
    votes: a.votes.map((v) => ({ vote_address: v.address, vote_count: Number(v.count) })),
    create_time: a.createTime,
    allowance: a.allowance,
    latest_withdraw_time: a.latestWithdrawTime,
    latest_opration_time: a.latestOperationTime,
    asset_issued_name: a.assetIssuedName === undefined ? undefined : Buffer.from(a.assetIssuedName, 'utf8').toString('hex'),
    asset_issued_ID: a.assetIssuedId === undefined ? undefined : Buffer.from(a.assetIssuedId, 'utf8').toString('hex'),
    is_witness: undefined,
    net_usage: resources.netUsed(a, now),
    latest_consume_time: a.latestConsumeTime,
    free_net_usage: resources.freeNetUsed(a, now),
    latest_consume_free_time: a.latestConsumeFreeTime,
    net_window_size: a.netUsage > 0n ? RESOURCE_WINDOW_MS / 3000 : 0,
    account_resource: Object.keys(accountResource).length ? accountResource : undefined,
    owner_permission: permissionJson(ownerPermissionOf(a)),
    active_permission: activePermissionsOf(a).map(permissionJson),
    frozenV2: [
      omitDefaults({ amount: a.frozen.BANDWIDTH }),
      omitDefaults({ type: 'ENERGY', amount: a.frozen.ENERGY }),
      { type: 'TRON_POWER' },
    ],
    unfrozenV2: a.unfrozen.map((u) =>
      omitDefaults({
        type: u.type === 'BANDWIDTH' ? undefined : u.type,
        unfreeze_amount: u.amount,
        unfreeze_expire_time: u.expireTime,
      }),
    ),
    assetV2: a.assetV2 ? Object.entries(a.assetV2).map(([key, value]) => ({ key, value: Number(value) })) : undefined,
    delegated_frozenV2_balance_for_bandwidth: a.delegatedOut.BANDWIDTH,
    acquired_delegated_frozenV2_balance_for_bandwidth: a.acquired.BANDWIDTH,
  });
}

export function accountNetJson(a: Account, resources: ResourceCalculator, weights: GlobalWeights, now: number, view: View) {
  return omitDefaults({
    freeNetUsed: resources.freeNetUsed(a, now),
    freeNetLimit: FREE_NET_LIMIT,
    NetUsed: resources.netUsed(a, now),
    NetLimit: resources.limit(a, 'BANDWIDTH', view),
    TotalNetLimit: TOTAL_NET_LIMIT,
    TotalNetWeight: weights.totalWeight('BANDWIDTH', view),
  });
}

export function accountResourceJson(a: Account, resources: ResourceCalculator, weights: GlobalWeights, now: number, view: View) {
  const votes = a.votes.reduce((sum, v) => sum + v.count, 0n);
  return omitDefaults({
    ...accountNetJson(a, resources, weights, now, view),
    tronPowerUsed: votes,
    tronPowerLimit: resources.tronPower(a),
    EnergyUsed: resources.energyUsed(a, now),
    EnergyLimit: resources.limit(a, 'ENERGY', view),
    TotalEnergyLimit: TOTAL_ENERGY_LIMIT,
    TotalEnergyWeight: weights.totalWeight('ENERGY', view),
  });
}
