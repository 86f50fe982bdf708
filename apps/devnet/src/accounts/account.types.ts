export type ResourceCode = 'BANDWIDTH' | 'ENERGY';

export interface PermissionKey {
  address: string;
  weight: number;
}

export interface Permission {
  type: 'Owner' | 'Witness' | 'Active';
  id: number;
  permission_name: string;
  threshold: number;
  parent_id?: number;
  /** 32-byte bitmask of allowed contract types (Active permissions only), hex. */
  operations?: string;
  keys: PermissionKey[];
}

export interface UnfreezeEntry {
  type: ResourceCode;
  amount: bigint;
  expireTime: number;
}

/** An account as the devnet keeps it; amounts in SUN, times in ms of chain time. */
export interface Account {
  address: string;
  balance: bigint;
  createTime: number;
  isContract?: boolean;
  freeNetUsage: bigint;
  latestConsumeFreeTime: number;
  netUsage: bigint;
  latestConsumeTime: number;
  energyUsage: bigint;
  latestConsumeTimeForEnergy: number;
  /** Own stake still frozen (not delegated away). */
  frozen: Record<ResourceCode, bigint>;
  /** Stake delegated to others (still counts as this account's frozen TRX). */
  delegatedOut: Record<ResourceCode, bigint>;
  /** Stake others delegated to this account. */
  acquired: Record<ResourceCode, bigint>;
  unfrozen: UnfreezeEntry[];
  votes: Array<{ address: string; count: bigint }>;
  /** Claimable vote rewards already settled (java-tron's allowance). */
  allowance: bigint;
  /** Reward accumulator value when the votes were last settled. */
  rewardCheckpoint: bigint;
  latestWithdrawTime: number;
  ownerPermission?: Permission;
  activePermissions?: Permission[];
  latestOperationTime?: number;
  /** TRC10 balances by token id (java-tron's assetV2 map). */
  assetV2?: Record<string, bigint>;
  /** The one TRC10 asset this account issued: its name (UTF-8) and id. */
  assetIssuedName?: string;
  assetIssuedId?: string;
}

export function newAccount(address: string, createTime: number): Account {
  return {
    address,
    balance: 0n,
    createTime,
    freeNetUsage: 0n,
    latestConsumeFreeTime: 0,
    netUsage: 0n,
    latestConsumeTime: 0,
    energyUsage: 0n,
    latestConsumeTimeForEnergy: 0,
    frozen: { BANDWIDTH: 0n, ENERGY: 0n },
    delegatedOut: { BANDWIDTH: 0n, ENERGY: 0n },
    acquired: { BANDWIDTH: 0n, ENERGY: 0n },
    unfrozen: [],
    votes: [],
    allowance: 0n,
    rewardCheckpoint: 0n,
    latestWithdrawTime: 0,
  };
}

/** java-tron's default operations of an Active permission: every contract type but a few. */
export const DEFAULT_ACTIVE_OPERATIONS = '7fff1fc0033ec30f000000000000000000000000000000000000000000000000';

export function ownerPermissionOf(account: Pick<Account, 'address' | 'ownerPermission'>): Permission {
  return (
    account.ownerPermission ?? {
      type: 'Owner',
      id: 0,
      permission_name: 'owner',
      threshold: 1,
      keys: [{ address: account.address, weight: 1 }],
    }
  );
}

export function activePermissionsOf(account: Pick<Account, 'address' | 'activePermissions'>): Permission[] {
  return (
    account.activePermissions ?? [
      {
        type: 'Active',
        id: 2,
        permission_name: 'active',
        threshold: 1,
        operations: DEFAULT_ACTIVE_OPERATIONS,
        keys: [{ address: account.address, weight: 1 }],
      },
    ]
  );
}
