// Network constants as on mainnet in 2025 (java-tron dynamic properties), amounts in SUN.

export const SUN_PER_TRX = 1_000_000n;
export const BLOCK_SLOT_MS = 3_000;
export const BLOCK_VERSION = 32;

export const TRANSACTION_FEE_PER_BYTE = 1_000n;
export const FREE_NET_LIMIT = 600n;
/** Bandwidth burned (or staked bandwidth used) when a transfer creates the receiving account. */
export const CREATE_ACCOUNT_FEE = 100_000n;
/** Extra fee of a system contract (a TRX transfer) that creates an account. */
export const CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT = 1_000_000n;
export const ENERGY_FEE = 100n;
export const MEMO_FEE = 1_000_000n;
export const MULTI_SIGN_FEE = 1_000_000n;
export const UPDATE_ACCOUNT_PERMISSION_FEE = 100_000_000n;
/** getAssetIssueFee: burned by AssetIssueContract (1,024 TRX). */
export const ASSET_ISSUE_FEE = 1_024_000_000n;
export const MAX_FEE_LIMIT = 15_000_000_000n;
/** Per-contract allowance for the result java-tron adds to the serialized size (MAX_RESULT_SIZE_IN_TX). */
export const RESULT_SIZE_PER_CONTRACT = 64;
export const TRANSACTION_MAX_BYTE_SIZE = 500 * 1024;
export const MAX_EXPIRATION_MS = 24 * 3_600_000;
export const TAPOS_WINDOW = 65_536;
export const MAX_SIGNATURES = 5;

export const TOTAL_NET_LIMIT = 43_200_000_000n;
export const TOTAL_ENERGY_LIMIT = 180_000_000_000n;
/**
 * Stake of the rest of the (simulated) network in whole TRX, so that freezing gives
 * mainnet-like resources (about 9.5 energy and 1.6 bandwidth per TRX per day) instead of
 * the whole network's supply to the first staker.
 */
export const BASE_NET_WEIGHT = 26_000_000_000n;
export const BASE_ENERGY_WEIGHT = 19_000_000_000n;
/** Usage recovers linearly over 24 h. */
export const RESOURCE_WINDOW_MS = 86_400_000;

export const MAX_UNFREEZING = 32;
export const MAX_VOTES = 30;
/** Vote reward per block shared by all voters (160 TRX minus the witnesses' 20% brokerage). */
export const VOTER_REWARD_PER_BLOCK = 128_000_000n;
/** Votes the simulated rest of the network holds per witness. */
export const BASE_VOTES_PER_WITNESS = 10_000_000n;
export const WITHDRAW_INTERVAL_MS = 86_400_000;
/** Default lock of delegateResource(lock: true) without a period: 3 days of blocks. */
export const DEFAULT_LOCK_PERIOD_BLOCKS = 86_400;
export const MAX_LOCK_PERIOD_BLOCKS = 10_512_000;

export const CHAIN_PARAMETERS: ReadonlyArray<{ key: string; value?: number }> = [
  { key: 'getMaintenanceTimeInterval', value: 21_600_000 },
  { key: 'getAccountUpgradeCost', value: 9_999_000_000 },
  { key: 'getCreateAccountFee', value: Number(CREATE_ACCOUNT_FEE) },
  { key: 'getTransactionFee', value: Number(TRANSACTION_FEE_PER_BYTE) },
  { key: 'getAssetIssueFee', value: 1_024_000_000 },
  { key: 'getWitnessPayPerBlock', value: 8_000_000 },
  { key: 'getWitnessStandbyAllowance', value: 115_200_000_000 },
  { key: 'getCreateNewAccountFeeInSystemContract', value: Number(CREATE_NEW_ACCOUNT_FEE_IN_SYSTEM_CONTRACT) },
  { key: 'getCreateNewAccountBandwidthRate', value: 1 },
  { key: 'getAllowCreationOfContracts', value: 1 },
  { key: 'getRemoveThePowerOfTheGr', value: -1 },
  { key: 'getEnergyFee', value: Number(ENERGY_FEE) },
  { key: 'getExchangeCreateFee', value: 1_024_000_000 },
  { key: 'getMaxCpuTimeOfOneTx', value: 80 },
  { key: 'getAllowUpdateAccountName' },
  { key: 'getAllowSameTokenName', value: 1 },
  { key: 'getAllowDelegateResource', value: 1 },
  { key: 'getTotalEnergyLimit', value: Number(TOTAL_ENERGY_LIMIT) },
  { key: 'getAllowTvmTransferTrc10', value: 1 },
  { key: 'getTotalEnergyCurrentLimit', value: Number(TOTAL_ENERGY_LIMIT) },
  { key: 'getAllowMultiSign', value: 1 },
  { key: 'getAllowAdaptiveEnergy' },
  { key: 'getUpdateAccountPermissionFee', value: Number(UPDATE_ACCOUNT_PERMISSION_FEE) },
  { key: 'getMultiSignFee', value: Number(MULTI_SIGN_FEE) },
  { key: 'getAllowAccountStateRoot' },
  { key: 'getAllowProtoFilterNum' },
  { key: 'getAllowTvmConstantinople', value: 1 },
  { key: 'getAllowTvmSolidity059', value: 1 },
  { key: 'getAllowTvmIstanbul', value: 1 },
  { key: 'getAllowShieldedTRC20Transaction', value: 1 },
  { key: 'getForbidTransferToContract', value: 1 },
  { key: 'getAdaptiveResourceLimitTargetRatio', value: 10 },
  { key: 'getAdaptiveResourceLimitMultiplier', value: 1_000 },
  { key: 'getChangeDelegation', value: 1 },
  { key: 'getWitness127PayPerBlock', value: 160_000_000 },
  { key: 'getAllowMarketTransaction', value: 1 },
  { key: 'getMarketSellFee' },
  { key: 'getMarketCancelFee' },
  { key: 'getAllowPBFT' },
  { key: 'getAllowTransactionFeePool' },
  { key: 'getMaxFeeLimit', value: Number(MAX_FEE_LIMIT) },
  { key: 'getAllowOptimizeBlackHole', value: 1 },
  { key: 'getAllowNewResourceModel', value: 1 },
  { key: 'getAllowTvmFreeze', value: 1 },
  { key: 'getAllowTvmVote', value: 1 },
  { key: 'getAllowTvmLondon', value: 1 },
  { key: 'getAllowTvmCompatibleEvm' },
  { key: 'getAllowAccountAssetOptimization' },
  { key: 'getFreeNetLimit', value: Number(FREE_NET_LIMIT) },
  { key: 'getTotalNetLimit', value: Number(TOTAL_NET_LIMIT) },
  { key: 'getAllowHigherLimitForMaxCpuTimeOfOneTx', value: 1 },
  { key: 'getAllowAssetOptimization', value: 1 },
  { key: 'getAllowNewReward', value: 1 },
  { key: 'getMemoFee', value: Number(MEMO_FEE) },
  { key: 'getAllowDelegateOptimization', value: 1 },
  { key: 'getUnfreezeDelayDays', value: 14 },
  { key: 'getAllowOptimizedReturnValueOfChainId', value: 1 },
  { key: 'getAllowDynamicEnergy', value: 1 },
  { key: 'getDynamicEnergyThreshold', value: 5_000_000_000 },
  { key: 'getDynamicEnergyIncreaseFactor', value: 2_000 },
  { key: 'getDynamicEnergyMaxFactor', value: 34_000 },
  { key: 'getAllowTvmShangHai', value: 1 },
  { key: 'getAllowCancelAllUnfreezeV2', value: 1 },
  { key: 'getMaxDelegateLockPeriod', value: MAX_LOCK_PERIOD_BLOCKS },
  { key: 'getAllowEnergyAdjustment', value: 1 },
  { key: 'getMaxCreateAccountTxSize', value: 1_000 },
];
