import type { NormalizedTransfer } from '@tronpay/tron';

export type DropReason = 'failed' | 'not_watched' | 'unregistered_token' | 'trc10' | 'dust' | 'self_transfer';

export interface FilterContext {
  isWatched(base58: string): boolean;
  isCreditedToken(contract: string): boolean;
  /** Base units; an amount must be strictly above it. */
  dustThreshold: bigint;
}

/**
 * Whether a transfer is a deposit: the chain must prove it (SUCCESS), it must be TRX or a
 * registered TRC20 contract (never by symbol), above the dust threshold (zero-value
 * "poisoning" transfers included), to a watched address.
 */
export function classify(t: NormalizedTransfer, ctx: FilterContext): 'credit' | DropReason {
  if (!ctx.isWatched(t.to)) return 'not_watched';
  if (t.status !== 'SUCCESS') return 'failed';
  if (t.token.kind === 'TRC10') return 'trc10';
  if (t.token.kind === 'TRC20' && !ctx.isCreditedToken(t.token.contract)) return 'unregistered_token';
  if (t.amount <= ctx.dustThreshold) return 'dust';
  // Sending to oneself moves nothing: not a deposit.
  if (t.from === t.to) return 'self_transfer';
  return 'credit';
}

export function tokenOf(t: NormalizedTransfer): string {
  return t.token.kind === 'TRC20' ? t.token.contract : t.token.kind === 'TRX' ? 'TRX' : `TRC10:${t.token.assetId}`;
}
