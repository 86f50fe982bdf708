import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { amountSetting, parseSchema, toBool, toInt, walletIdSetting } from './amount-settings';
import { EnvSource, processEnv } from './env';
import { ConfigError } from './load-config';

class StakingEnvSchema {
  /** Transactions the staking service builds expire this long after their reference block. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  STAKING_TX_EXPIRATION_SECONDS = 300;

  /** How often broadcast operations are checked with tron-client until they end. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  STAKING_FOLLOW_INTERVAL_MS = 1_000;

  /** How often tracked wallets are read from the chain: unfreezes, delegation locks, due withdrawals and reward claims. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  STAKING_SCHEDULE_INTERVAL_MS = 60_000;

  /** Withdraw expired unfreezes automatically when due. */
  @Transform(toBool)
  @IsBoolean()
  STAKING_AUTO_WITHDRAW = true;

  /** A wallet's rewards are claimed at most this often (java-tron allows one claim per 24 h of chain time). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30 * 86_400_000)
  STAKING_REWARD_CLAIM_INTERVAL_MS = 86_400_000;

  /** Delegations the energy manager makes are locked for this many blocks (0: unlocked, reclaimable at once). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(864_000)
  ENERGY_LOCK_BLOCKS = 0;

  /** Extra stake delegated over the estimate, in basis points (the network's weights move between plan and use). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5_000)
  ENERGY_MARGIN_BPS = 200;

  /** A lease never released is reclaimed this long after it was made (its caller crashed for good, or forgot). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 86_400)
  ENERGY_LEASE_TTL_SECONDS = 3_600;

  /** How often a waiting lease (staking short, fee cap too low) is planned again. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  ENERGY_RETRY_INTERVAL_MS = 15_000;

  /** How often the energy manager's worker moves leases along (delegations followed, reclaims sent). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  ENERGY_WORKER_INTERVAL_MS = 1_000;

  /** SUN sent to activate an address that has never held TRX (it cannot receive a delegation before). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ENERGY_ACTIVATION_SUN = 1;
}

export interface StakingConfig {
  txExpirationMs: number;
  followIntervalMs: number;
  schedule: { intervalMs: number; autoWithdraw: boolean; rewardClaimIntervalMs: number; rewardClaimMinSun: bigint };
  energy: {
    /** The hot wallet whose frozen energy is delegated; null: no delegation, burning within the cap only. */
    stakingWalletId: string | null;
    /** The hot wallet that pays top-ups (activation, bandwidth, burned energy); default the staking wallet. */
    feeWalletId: string | null;
    /** Most SUN one lease may plan to burn for energy when staked energy is short; 0: never burn. */
    feeCapSun: bigint;
    /** Most SUN one top-up may send. */
    topUpMaxSun: bigint;
    marginBps: number;
    lockBlocks: number;
    leaseTtlMs: number;
    retryIntervalMs: number;
    workerIntervalMs: number;
    activationSun: bigint;
  };
}

/** The staking service's own settings (staking operations, schedules, the energy manager). */
export function loadStakingConfig(env: EnvSource = processEnv()): StakingConfig {
  const problems: string[] = [];
  const parsed = parseSchema(StakingEnvSchema, env, problems);
  const stakingWalletId = walletIdSetting(env, 'ENERGY_STAKING_WALLET_ID', problems);
  const feeWalletId = walletIdSetting(env, 'ENERGY_FEE_WALLET_ID', problems) ?? stakingWalletId;
  const feeCapSun = amountSetting(env, 'ENERGY_FEE_CAP_TRX', '15', problems);
  const topUpMaxSun = amountSetting(env, 'ENERGY_TOPUP_MAX_TRX', '30', problems);
  const rewardClaimMinSun = amountSetting(env, 'STAKING_REWARD_CLAIM_MIN_TRX', '1', problems);
  if (problems.length) throw new ConfigError(problems);
  return {
    txExpirationMs: parsed.STAKING_TX_EXPIRATION_SECONDS * 1000,
    followIntervalMs: parsed.STAKING_FOLLOW_INTERVAL_MS,
    schedule: {
      intervalMs: parsed.STAKING_SCHEDULE_INTERVAL_MS,
      autoWithdraw: parsed.STAKING_AUTO_WITHDRAW,
      rewardClaimIntervalMs: parsed.STAKING_REWARD_CLAIM_INTERVAL_MS,
      rewardClaimMinSun,
    },
    energy: {
      stakingWalletId,
      feeWalletId,
      feeCapSun,
      topUpMaxSun,
      marginBps: parsed.ENERGY_MARGIN_BPS,
      lockBlocks: parsed.ENERGY_LOCK_BLOCKS,
      leaseTtlMs: parsed.ENERGY_LEASE_TTL_SECONDS * 1000,
      retryIntervalMs: parsed.ENERGY_RETRY_INTERVAL_MS,
      workerIntervalMs: parsed.ENERGY_WORKER_INTERVAL_MS,
      activationSun: BigInt(parsed.ENERGY_ACTIVATION_SUN),
    },
  };
}

/** What `/config` shows of the staking service's settings (amounts as decimal strings). */
export function stakingConfigView(config: StakingConfig): Record<string, unknown> {
  return JSON.parse(JSON.stringify(config, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
}
