/** A transfer from one of our hot wallets found after the backup, not yet tied to a payout. */
export interface FoundTransfer {
  txId: string;
  blockNumber: number;
  sender: string;
  currency: 'TRX' | 'USDT';
  destination: string;
  amount: bigint;
}

/** A payout that was open in the backup and may have been paid by such a transfer. */
export interface RestoredPayout {
  id: string;
  createdAt: Date;
  currency: 'TRX' | 'USDT';
  destination: string;
  amount: bigint;
  /** The hot wallet it was reserved against; null: not reserved yet (any of ours may have paid it). */
  hotWalletAddress: string | null;
  /** A transaction of its own that may still land (stored in the backup): it settles the payout, or is proved off chain. */
  live: boolean;
}

export type Decision =
  /** The transfer paid this payout (or one like it: the same amount, to the same address, in the same currency). */
  | { kind: 'match'; txId: string; payoutId: string }
  /** Only payouts whose own transaction may still land could be its: known once those are settled. */
  | { kind: 'wait'; txId: string; payoutIds: string[] }
  /** No payout of the backup explains it (one made after the backup, or not a payout at all). */
  | { kind: 'unmatched'; txId: string };

const sameKey = (t: FoundTransfer, p: RestoredPayout) =>
  p.currency === t.currency && p.destination === t.destination && p.amount === t.amount && (p.hotWalletAddress === null || p.hotWalletAddress === t.sender);

/**
 * Which restored payout each transfer paid, by what it paid: the currency, the destination and
 * the amount, from a hot wallet the payout could have used. Each payout takes at most one
 * transfer and each transfer one payout, in chain order, the oldest payout first. Two payouts
 * alike are told apart by nothing on chain, and need not be: whichever one a transfer is
 * recorded against, the destination is paid once per payout. A payout whose own stored
 * transaction may still land is never given a transfer while that is so (it would be paid by
 * both); a transfer only such payouts could explain waits for them.
 */
export function assignGapTransfers(found: readonly FoundTransfer[], restored: readonly RestoredPayout[]): Decision[] {
  const taken = new Set<string>();
  const payouts = [...restored].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const transfers = [...found].sort((a, b) => a.blockNumber - b.blockNumber || a.txId.localeCompare(b.txId));
  return transfers.map((t): Decision => {
    const alike = payouts.filter((p) => !taken.has(p.id) && sameKey(t, p));
    const free = alike.find((p) => !p.live);
    if (free) {
      taken.add(free.id);
      return { kind: 'match', txId: t.txId, payoutId: free.id };
    }
    if (alike.length) return { kind: 'wait', txId: t.txId, payoutIds: alike.map((p) => p.id) };
    return { kind: 'unmatched', txId: t.txId };
  });
}
