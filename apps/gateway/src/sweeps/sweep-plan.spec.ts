import fc from 'fast-check';
import { splitLegs, TRX_TRANSFER_BYTES, trxLegs, trxLegsCost, TrxCosts } from './sweep-plan';

const COLD = 'Tcold';
const HOT = 'Thot';
const costs = (over: Partial<TrxCosts> = {}): TrxCosts => ({
  freeBandwidth: 600n,
  stakedBandwidth: 0n,
  bytePrice: 1_000n,
  createAccountFee: 1_100_000n,
  activated: new Set([COLD, HOT]),
  ...over,
});

describe('sweep plan', () => {
  it('fills the hot wallet up to its cap and sends the rest cold', () => {
    expect(splitLegs(10_000_000n, COLD, { address: HOT, balance: 93_000_000n, cap: 100_000_000n }, 1_000_000n)).toEqual([
      { destination: 'hot', to: HOT, amount: 7_000_000n },
      { destination: 'cold', to: COLD, amount: 3_000_000n },
    ]);
    expect(splitLegs(5_000_000n, COLD, { address: HOT, balance: 0n, cap: 100_000_000n }, 1_000_000n)).toEqual([{ destination: 'hot', to: HOT, amount: 5_000_000n }]);
    expect(splitLegs(5_000_000n, COLD, null, 1_000_000n)).toEqual([{ destination: 'cold', to: COLD, amount: 5_000_000n }]);
    // Room for less than a leg is worth: all of it cold, one transfer.
    expect(splitLegs(5_000_000n, COLD, { address: HOT, balance: 99_500_000n, cap: 100_000_000n }, 1_000_000n)).toEqual([{ destination: 'cold', to: COLD, amount: 5_000_000n }]);
  });

  it('TRX with bandwidth to spare moves every SUN', () => {
    expect(trxLegs(12_500_000n, COLD, null, 1_000_000n, costs())).toEqual([{ destination: 'cold', to: COLD, amount: 12_500_000n }]);
  });

  it('TRX without bandwidth keeps back the burn of its own transfer, and a new cold address its creation fees', () => {
    expect(trxLegs(12_500_000n, COLD, null, 1_000_000n, costs({ freeBandwidth: 100n }))).toEqual([{ destination: 'cold', to: COLD, amount: 12_500_000n - TRX_TRANSFER_BYTES * 1_000n }]);
    expect(trxLegs(12_500_000n, COLD, null, 1_000_000n, costs({ activated: new Set() }))).toEqual([{ destination: 'cold', to: COLD, amount: 11_400_000n }]);
  });

  it('TRX that fills the hot wallet but for a few SUN does not send those few to a cold address that would cost its creation', () => {
    // Found by the property below: the split once the costs are paid has no cold leg; growing it by
    // the creation fee it saved brought the 3-SUN cold leg (and its 1.1 TRX creation) back, and the
    // sweep would have sent 1.1 TRX more than the address holds. The hot wallet is filled, 3 SUN stay.
    const c = costs({ freeBandwidth: 242n, stakedBandwidth: 996n, activated: new Set([HOT]) });
    const legs = trxLegs(999_999_999_999n, COLD, { address: HOT, balance: 2n, cap: 999_999_999_998n }, 1_385_911n, c);
    expect(legs).toEqual([{ destination: 'hot', to: HOT, amount: 999_999_999_996n }]);
    expect(trxLegsCost(legs, c)).toBe(0n);
  });

  it('TRX worth less than its move is left where it is', () => {
    expect(trxLegs(200_000n, COLD, null, 1n, costs({ freeBandwidth: 0n }))).toEqual([]);
    expect(trxLegs(0n, COLD, null, 1n, costs())).toEqual([]);
  });

  it('property: legs never add up to more than the balance less their own costs, and what stays is worth less than moving it', () => {
    fc.assert(
      fc.property(
        fc.record({
          balance: fc.bigInt({ min: 0n, max: 10n ** 12n }),
          hotBalance: fc.bigInt({ min: 0n, max: 10n ** 12n }),
          cap: fc.bigInt({ min: 0n, max: 10n ** 12n }),
          useHot: fc.boolean(),
          free: fc.bigInt({ min: 0n, max: 600n }),
          staked: fc.bigInt({ min: 0n, max: 1_000n }),
          coldActive: fc.boolean(),
          minLeg: fc.bigInt({ min: 1n, max: 10_000_000n }),
        }),
        (x) => {
          const c = costs({ freeBandwidth: x.free, stakedBandwidth: x.staked, activated: new Set(x.coldActive ? [COLD, HOT] : [HOT]) });
          const hot = x.useHot ? { address: HOT, balance: x.hotBalance, cap: x.cap } : null;
          const legs = trxLegs(x.balance, COLD, hot, x.minLeg, c);
          const sent = legs.reduce((s, l) => s + l.amount, 0n);
          const cost = trxLegsCost(legs, c);
          expect(legs.every((l) => l.amount > 0n)).toBe(true);
          expect(sent + cost).toBeLessThanOrEqual(x.balance);
          if (hot) expect(legs.filter((l) => l.destination === 'hot').reduce((s, l) => s + l.amount, 0n) + hot.balance).toBeLessThanOrEqual(hot.cap > hot.balance ? hot.cap : hot.balance);
          const left = x.balance - sent - cost;
          if (legs.length === 0) {
            // Nothing moved: even one transfer cold would cost at least what is there.
            expect(trxLegsCost([{ destination: 'cold', to: COLD }], c)).toBeGreaterThanOrEqual(x.balance);
          } else {
            // What stays is the reserve of a transfer that turned out free, at most one transfer's burn.
            expect(left).toBeLessThanOrEqual(TRX_TRANSFER_BYTES * c.bytePrice + c.createAccountFee);
          }
        },
      ),
      // Synchronous: Jest cannot time it out, so fast-check stops itself (a shrink of 10^12-sized bigints can run long) and fails.
      { numRuns: 3_000, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true },
    );
  });
});
