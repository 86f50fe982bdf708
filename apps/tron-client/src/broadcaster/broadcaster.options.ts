/** Timing of the broadcaster; defaults suit a 3-second-block chain. */
export interface BroadcasterOptions {
  /** How often the follower looks for due transactions. */
  followIntervalMs: number;
  /** Transactions claimed per follower round. */
  batchSize: number;
  /** How long a claimed row is left to its claimer (a replica that dies loses it after this). */
  claimLeaseMs: number;
  /** Between two looks at a transaction a node accepted, until it is seen in a block. */
  checkIntervalMs: number;
  /** Re-sending a `pending` transaction: first delay, doubling per attempt up to `resendMaxMs`. */
  resendBaseMs: number;
  resendMaxMs: number;
  /** A transaction a node accepted but no block holds yet is sent again after this (a node may have dropped it). */
  rebroadcastMs: number;
  /** False: this replica answers commands but runs no follower. */
  followerEnabled: boolean;
}

export const DEFAULT_BROADCASTER_OPTIONS: BroadcasterOptions = {
  followIntervalMs: 1000,
  batchSize: 100,
  claimLeaseMs: 30_000,
  checkIntervalMs: 3000,
  resendBaseMs: 1000,
  resendMaxMs: 30_000,
  rebroadcastMs: 30_000,
  followerEnabled: true,
};

export const BROADCASTER_OPTIONS = Symbol('BROADCASTER_OPTIONS');

/** Delay before re-send number `attempts + 1`, with jitter so replicas do not send in step. */
export function resendDelayMs(options: BroadcasterOptions, attempts: number): number {
  const base = Math.min(options.resendMaxMs, options.resendBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() / 4));
}
