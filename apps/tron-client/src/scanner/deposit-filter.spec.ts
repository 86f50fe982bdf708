import fc from 'fast-check';
import type { NormalizedTransfer } from '@tronpay/tron';
import { classify, FilterContext } from './deposit-filter';

const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const FAKE = 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf';
const WATCHED = 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7';
const OTHER = 'TG3XXyExBkPp9nzdajDZsozEu4BkaSJozs';

const ctx: FilterContext = { isWatched: (a) => a === WATCHED, isCreditedToken: (c) => c === USDT, dustThreshold: 100n };
const transfer = (over: Partial<NormalizedTransfer>): NormalizedTransfer => ({
  txId: 'a'.repeat(64),
  logIndex: 0,
  token: { kind: 'TRC20', contract: USDT },
  from: OTHER,
  to: WATCHED,
  amount: 1_000_000n,
  blockNumber: 1,
  blockTime: 0,
  status: 'SUCCESS',
  ...over,
});

describe('classify', () => {
  it('credits only SUCCESS, registry TRC20 or TRX, above dust, to a watched address', () => {
    expect(classify(transfer({}), ctx)).toBe('credit');
    expect(classify(transfer({ token: { kind: 'TRX' }, logIndex: -1 }), ctx)).toBe('credit');
    expect(classify(transfer({ to: OTHER }), ctx)).toBe('not_watched');
    expect(classify(transfer({ status: 'REVERT' }), ctx)).toBe('failed');
    expect(classify(transfer({ status: 'UNKNOWN' }), ctx)).toBe('failed');
    expect(classify(transfer({ token: { kind: 'TRC20', contract: FAKE } }), ctx)).toBe('unregistered_token');
    expect(classify(transfer({ token: { kind: 'TRC10', assetId: 'USDT' } }), ctx)).toBe('trc10');
    expect(classify(transfer({ amount: 0n }), ctx)).toBe('dust');
    expect(classify(transfer({ amount: 100n }), ctx)).toBe('dust');
    expect(classify(transfer({ amount: 101n }), ctx)).toBe('credit');
    expect(classify(transfer({ from: WATCHED }), ctx)).toBe('self_transfer');
  });

  it('never credits a transfer that fails any one rule, whatever the others', () => {
    fc.assert(
      fc.property(
        fc.record({
          to: fc.constantFrom(WATCHED, OTHER),
          status: fc.constantFrom('SUCCESS', 'REVERT', 'OUT_OF_ENERGY', 'FAILED', 'UNKNOWN'),
          token: fc.constantFrom<NormalizedTransfer['token']>({ kind: 'TRX' }, { kind: 'TRC20', contract: USDT }, { kind: 'TRC20', contract: FAKE }, { kind: 'TRC10', assetId: '1002000' }),
          amount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
        }),
        (t) => {
          const credited = classify(transfer(t), ctx) === 'credit';
          const eligible =
            t.to === WATCHED && t.status === 'SUCCESS' && t.token.kind !== 'TRC10' && (t.token.kind === 'TRX' || t.token.contract === USDT) && t.amount > 100n;
          expect(credited).toBe(eligible);
        },
      ),
    );
  });
});
