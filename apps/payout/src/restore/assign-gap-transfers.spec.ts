import { assignGapTransfers, FoundTransfer, RestoredPayout } from './assign-gap-transfers';

const HOT = 'THotWallet';
const OTHER_HOT = 'TOtherHot';
let n = 0;
const transfer = (destination: string, amount: bigint, extra: Partial<FoundTransfer> = {}): FoundTransfer => ({
  txId: `tx${++n}`,
  blockNumber: n,
  sender: HOT,
  currency: 'TRX',
  destination,
  amount,
  ...extra,
});
const payout = (id: string, destination: string, amount: bigint, extra: Partial<RestoredPayout> = {}): RestoredPayout => ({
  id,
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, Number(id.replace(/\D/g, '') || 0))),
  currency: 'TRX',
  destination,
  amount,
  hotWalletAddress: null,
  live: false,
  ...extra,
});

describe('which restored payout a transfer found after the backup paid', () => {
  it('matches by currency, destination and amount, each payout once, the oldest first', () => {
    const t = [transfer('TA', 5n), transfer('TA', 5n), transfer('TA', 5n)];
    const p = [payout('p2', 'TA', 5n), payout('p1', 'TA', 5n)];
    expect(assignGapTransfers(t, p)).toEqual([
      { kind: 'match', txId: t[0].txId, payoutId: 'p1' },
      { kind: 'match', txId: t[1].txId, payoutId: 'p2' },
      // A third payment to the same place: no payout of the backup asked for it.
      { kind: 'unmatched', txId: t[2].txId },
    ]);
  });

  it('never matches another amount, destination, currency, or a hot wallet other than the one reserved', () => {
    const p = [payout('p1', 'TA', 5n, { hotWalletAddress: HOT })];
    const t = [transfer('TA', 6n), transfer('TB', 5n), transfer('TA', 5n, { currency: 'USDT' }), transfer('TA', 5n, { sender: OTHER_HOT })];
    expect(assignGapTransfers(t, p).map((d) => d.kind)).toEqual(['unmatched', 'unmatched', 'unmatched', 'unmatched']);
    // An unreserved payout may have been reserved against any of our hot wallets in the gap.
    expect(assignGapTransfers([transfer('TA', 5n, { sender: OTHER_HOT })], [payout('p1', 'TA', 5n)])).toEqual([expect.objectContaining({ kind: 'match', payoutId: 'p1' })]);
  });

  it('gives a payout whose stored transaction may still land nothing: it waits, unless a payout alike is free', () => {
    const live = payout('p1', 'TA', 5n, { live: true });
    const t = transfer('TA', 5n);
    const again = transfer('TA', 5n);
    expect(assignGapTransfers([t, again], [live])).toEqual([
      { kind: 'wait', txId: t.txId, payoutIds: ['p1'] },
      { kind: 'wait', txId: again.txId, payoutIds: ['p1'] },
    ]);
    // One alike with nothing stored: the transfer is its (the destination is owed both).
    expect(assignGapTransfers([t], [live, payout('p2', 'TA', 5n)])).toEqual([{ kind: 'match', txId: t.txId, payoutId: 'p2' }]);
  });

  it('takes transfers in chain order, whatever order they are given in', () => {
    const early = transfer('TA', 5n, { blockNumber: 1 });
    const late = transfer('TA', 5n, { blockNumber: 9 });
    expect(assignGapTransfers([late, early], [payout('p1', 'TA', 5n)])).toEqual([
      { kind: 'match', txId: early.txId, payoutId: 'p1' },
      { kind: 'unmatched', txId: late.txId },
    ]);
  });
});
