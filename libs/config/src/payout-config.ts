import { EnvSource, processEnv } from './env';
import { ConfigError } from './load-config';

export type PayoutCurrencyCode = 'TRX' | 'USDT';
export const PAYOUT_CURRENCY_CODES: readonly PayoutCurrencyCode[] = ['TRX', 'USDT'];

/** Amounts are base units (10^-6 of TRX or USDT): bigint, never a float. */
export interface KycLevelLimits {
  /** Largest single payout at this level. */
  maxPerPayout: bigint;
  /** Largest rolling 24 h total per recipient at this level. */
  daily: bigint;
  /** Above this, one approval by a key other than the creator's. */
  approvalAbove: bigint;
  /** Above this, two approvals. */
  secondApprovalAbove: bigint;
}

export interface CurrencyLimits {
  /** No KYC (no recipient, or level 0): per payout, and rolling 24 h per recipient and per destination. */
  v0: { maxPerPayout: bigint; daily: bigint };
  /** KYC levels 1, 2, 3 (index 0 is level 1). */
  kyc: [KycLevelLimits, KycLevelLimits, KycLevelLimits];
  /** Most the hot wallet may send in any rolling hour. */
  hourlyVelocity: bigint;
  /** What the hot wallet keeps: a payout that would take it below waits (or is rejected). */
  floor: bigint;
}

export interface Failpoint {
  point: FailpointName;
  /** The process kills itself the n-th time it reaches the point. */
  hit: number;
}

export const FAILPOINT_NAMES = ['before-sign', 'after-sign', 'after-store', 'after-broadcast'] as const;
export type FailpointName = (typeof FAILPOINT_NAMES)[number];

export interface PayoutConfig {
  limits: Record<PayoutCurrencyCode, CurrencyLimits>;
  treasury: {
    /** `wait`: a payout that would break the velocity cap or the floor waits (up to maxWaitMs); `reject`: it is rejected. */
    guardMode: 'wait' | 'reject';
    maxWaitMs: number;
    /** The hot wallet payouts are sent from; none: the oldest active hot wallet of the wallet service. */
    hotWalletId: string | null;
    /** Our own addresses the wallet and tron-client do not tell (treasury, cold storage): never a destination. PAYOUT_BLOCKED_ADDRESSES plus WALLET_TREASURY_ADDRESS when set. */
    blockedAddresses: string[];
  };
  destinations: {
    /** A payout to a smart contract address: `reject`, or `hold` for an approval. */
    contractPolicy: 'reject' | 'hold';
  };
  fees: {
    /** The fee_limit of a USDT transfer: the most TRX it may burn for energy (within the wallet's ceiling). */
    feeLimitSun: bigint;
    /** TRX kept aside for a TRX transfer's bandwidth and account activation. */
    trxTransferReserveSun: bigint;
    /**
     * Where a USDT payout's energy comes from: `lease` asks the staking service's energy manager
     * (delegated stake, else a burn within ENERGY_FEE_CAP_TRX) before the transfer is built and
     * gives it back once the transfer has ended; `burn` burns TRX within the fee limit.
     */
    energy: 'lease' | 'burn';
  };
  execution: {
    /** How long a signed transaction stays valid (its expiration, from now). */
    txExpirationMs: number;
    workerConcurrency: number;
    /** A job whose worker stops renewing this lock (a killed process) is run again. */
    jobLockMs: number;
    /** How often due payouts the queue does not hold are handed to it again. */
    relayIntervalMs: number;
    /** Wait before a job looks again at a payout that is held, or after a dependency failed. */
    retryDelayMs: number;
    /** How often a broadcast payout's transaction is asked about, besides tron-client's events. */
    reconcileIntervalMs: number;
  };
  /** Crash injection for the devnet proofs only; refused on any other network. */
  failpoints: Failpoint[];
}

const DECIMALS = 6n;
const AMOUNT = /^(0|[1-9]\d{0,29})(\.\d{1,6})?$/;

function units(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 10n ** DECIMALS + BigInt(fraction.padEnd(Number(DECIMALS), '0'));
}

/** Base units back to the whole units `/config` shows. */
export function formatUnits(value: bigint): string {
  const whole = value / 10n ** DECIMALS;
  const fraction = (value % 10n ** DECIMALS).toString().padStart(Number(DECIMALS), '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: EnvSource) {}

  private raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v === '' ? undefined : v.trim();
  }

  amount(name: string, fallback: string): bigint {
    const v = this.raw(name) ?? fallback;
    if (!AMOUNT.test(v)) {
      this.problems.push(`${name}: must be an amount in whole units with at most 6 decimals, such as "100" or "0.5"`);
      return 0n;
    }
    return units(v);
  }

  /** Three amounts, for KYC levels 1, 2 and 3. */
  levels(name: string, fallback: string): [bigint, bigint, bigint] {
    const parts = (this.raw(name) ?? fallback).split(',').map((p) => p.trim());
    if (parts.length !== 3 || !parts.every((p) => AMOUNT.test(p))) {
      this.problems.push(`${name}: must be three amounts in whole units for KYC levels 1, 2 and 3, such as "1000,10000,100000"`);
      return [0n, 0n, 0n];
    }
    return [units(parts[0]), units(parts[1]), units(parts[2])];
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push(`${name}: must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(v);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      this.problems.push(`${name}: must be ${allowed.join(' or ')}`);
      return fallback;
    }
    return v as T;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  problem(text: string): void {
    this.problems.push(text);
  }
}

const LEVEL_DEFAULTS: Record<PayoutCurrencyCode, Record<string, string>> = {
  TRX: {
    V0_MAX: '500',
    V0_DAILY: '1500',
    KYC_MAX: '4000,40000,400000',
    KYC_DAILY: '20000,200000,2000000',
    KYC_APPROVAL: '2000,20000,200000',
    KYC_SECOND_APPROVAL: '3200,32000,320000',
    VELOCITY_HOURLY: '100000',
    FLOOR: '100',
  },
  USDT: {
    V0_MAX: '100',
    V0_DAILY: '300',
    KYC_MAX: '1000,10000,100000',
    KYC_DAILY: '5000,50000,500000',
    KYC_APPROVAL: '500,5000,50000',
    KYC_SECOND_APPROVAL: '800,8000,80000',
    VELOCITY_HOURLY: '25000',
    FLOOR: '0',
  },
};

function currencyLimits(r: Reader, c: PayoutCurrencyCode): CurrencyLimits {
  const d = LEVEL_DEFAULTS[c];
  const v = (key: string) => `PAYOUT_${key}_${c}`;
  const v0 = { maxPerPayout: r.amount(v('V0_MAX'), d.V0_MAX), daily: r.amount(v('V0_DAILY'), d.V0_DAILY) };
  const max = r.levels(v('KYC_MAX'), d.KYC_MAX);
  const daily = r.levels(v('KYC_DAILY'), d.KYC_DAILY);
  const approval = r.levels(v('KYC_APPROVAL'), d.KYC_APPROVAL);
  const second = r.levels(v('KYC_SECOND_APPROVAL'), d.KYC_SECOND_APPROVAL);
  const kyc = [0, 1, 2].map((i) => ({ maxPerPayout: max[i], daily: daily[i], approvalAbove: approval[i], secondApprovalAbove: second[i] }));
  // A second approval below the first would make one approval mean two; say so at boot.
  if (kyc.some((l) => l.secondApprovalAbove < l.approvalAbove)) {
    r.problem(`${v('KYC_SECOND_APPROVAL')}: each level's second threshold must be at least its ${v('KYC_APPROVAL')} threshold`);
  }
  if (v0.daily < v0.maxPerPayout) r.problem(`${v('V0_DAILY')}: must be at least ${v('V0_MAX')}`);
  return {
    v0,
    kyc: kyc as CurrencyLimits['kyc'],
    hourlyVelocity: r.amount(v('VELOCITY_HOURLY'), d.VELOCITY_HOURLY),
    floor: r.amount(v('FLOOR'), d.FLOOR),
  };
}

function failpoints(r: Reader, network: string): Failpoint[] {
  const raw = r.optional('PAYOUT_FAILPOINTS');
  if (!raw) return [];
  if (network !== 'devnet') {
    r.problem('PAYOUT_FAILPOINTS: crash injection is for the devnet only; unset it');
    return [];
  }
  const out: Failpoint[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const [point, hit] = part.split('@');
    if (!(FAILPOINT_NAMES as readonly string[]).includes(point) || !/^[1-9]\d{0,5}$/.test(hit ?? '')) {
      r.problem(`PAYOUT_FAILPOINTS: "${part.slice(0, 40)}" must be <point>@<n>, point one of ${FAILPOINT_NAMES.join(', ')}`);
      continue;
    }
    out.push({ point: point as FailpointName, hit: Number(hit) });
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ADDRESS = /^(T[1-9A-HJ-NP-Za-km-z]{33}|41[0-9a-fA-F]{40})$/;

/** The payout service's own settings: limits per KYC level and currency, treasury guards, execution timing. */
export function loadPayoutConfig(env: EnvSource = processEnv()): PayoutConfig {
  const r = new Reader(env);
  const limits = { TRX: currencyLimits(r, 'TRX'), USDT: currencyLimits(r, 'USDT') };
  const hotWalletId = r.optional('PAYOUT_HOT_WALLET_ID')?.toLowerCase() ?? null;
  if (hotWalletId && !UUID.test(hotWalletId)) r.problem('PAYOUT_HOT_WALLET_ID: must be a wallet id (uuid)');
  const blocked = (r.optional('PAYOUT_BLOCKED_ADDRESSES') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  // The wallet's sweep destination is ours too, when this service is given it (as `npm start` does).
  const treasury = r.optional('WALLET_TREASURY_ADDRESS');
  if (treasury && ADDRESS.test(treasury) && !blocked.includes(treasury)) blocked.push(treasury);
  if (!blocked.every((a) => ADDRESS.test(a))) r.problem('PAYOUT_BLOCKED_ADDRESSES: must be comma-separated TRON addresses (T... or 41...)');
  const feeLimit = r.int('PAYOUT_FEE_LIMIT_SUN', 30_000_000, 1, 15_000_000_000);
  const config: PayoutConfig = {
    limits,
    treasury: {
      guardMode: r.oneOf('PAYOUT_TREASURY_GUARD', ['wait', 'reject'] as const, 'wait'),
      maxWaitMs: r.int('PAYOUT_GUARD_MAX_WAIT_SECONDS', 3_600, 1, 7 * 86_400) * 1000,
      hotWalletId,
      blockedAddresses: blocked,
    },
    destinations: { contractPolicy: r.oneOf('PAYOUT_CONTRACT_DESTINATION', ['reject', 'hold'] as const, 'reject') },
    fees: {
      feeLimitSun: BigInt(feeLimit),
      trxTransferReserveSun: BigInt(r.int('PAYOUT_TRX_FEE_RESERVE_SUN', 1_500_000, 0, 100_000_000)),
      energy: r.oneOf('PAYOUT_ENERGY', ['lease', 'burn'] as const, 'lease'),
    },
    execution: {
      txExpirationMs: r.int('PAYOUT_TX_EXPIRATION_SECONDS', 120, 10, 86_400) * 1000,
      workerConcurrency: r.int('PAYOUT_WORKER_CONCURRENCY', 8, 1, 256),
      jobLockMs: r.int('PAYOUT_JOB_LOCK_MS', 30_000, 1_000, 600_000),
      relayIntervalMs: r.int('PAYOUT_RELAY_INTERVAL_MS', 2_000, 100, 600_000),
      retryDelayMs: r.int('PAYOUT_RETRY_DELAY_MS', 5_000, 50, 600_000),
      reconcileIntervalMs: r.int('PAYOUT_RECONCILE_INTERVAL_MS', 15_000, 100, 3_600_000),
    },
    failpoints: failpoints(r, env['TRON_NETWORK'] || 'devnet'),
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/** The settings as `/config` shows them: amounts in whole units (none of them is a secret). */
export function payoutConfigView(config: PayoutConfig): Record<string, unknown> {
  const currency = (l: CurrencyLimits) => ({
    v0: { maxPerPayout: formatUnits(l.v0.maxPerPayout), daily: formatUnits(l.v0.daily) },
    kyc: Object.fromEntries(
      l.kyc.map((k, i) => [
        `level${i + 1}`,
        {
          maxPerPayout: formatUnits(k.maxPerPayout),
          daily: formatUnits(k.daily),
          approvalAbove: formatUnits(k.approvalAbove),
          secondApprovalAbove: formatUnits(k.secondApprovalAbove),
        },
      ]),
    ),
    hourlyVelocity: formatUnits(l.hourlyVelocity),
    floor: formatUnits(l.floor),
  });
  return {
    limits: { TRX: currency(config.limits.TRX), USDT: currency(config.limits.USDT) },
    treasury: config.treasury,
    destinations: config.destinations,
    fees: { feeLimitTrx: formatUnits(config.fees.feeLimitSun), trxTransferReserveTrx: formatUnits(config.fees.trxTransferReserveSun), energy: config.fees.energy },
    execution: config.execution,
    failpoints: config.failpoints.map((f) => `${f.point}@${f.hit}`),
  };
}
