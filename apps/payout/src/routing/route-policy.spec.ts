import fc from 'fast-check';
import { loadPayoutConfig } from '@tronpay/config';
import { decideRoute, RouteInput } from './route-policy';

const TRX = 1_000_000n;
// Small, distinct limits so that every band has room on both sides of each boundary.
const limits = loadPayoutConfig({
  PAYOUT_V0_MAX_TRX: '5',
  PAYOUT_V0_DAILY_TRX: '10',
  PAYOUT_KYC_MAX_TRX: '100,1000,10000',
  PAYOUT_KYC_DAILY_TRX: '200,2000,20000',
  PAYOUT_KYC_APPROVAL_TRX: '20,200,2000',
  PAYOUT_KYC_SECOND_APPROVAL_TRX: '50,500,5000',
  PAYOUT_VELOCITY_HOURLY_TRX: '1000000',
}).limits.TRX;

type Expected = { route: 'v0' | 'kyc'; rejected?: string; approvals?: number };

const decide = (kycLevel: number | null, amount: bigint, recipientTotal = 0n, destinationTotal = 0n) =>
  decideRoute({ currency: 'TRX', amount, kycLevel, recipientTotal, destinationTotal }, limits);

const outcome = (d: ReturnType<typeof decide>): Expected =>
  d.outcome === 'rejected' ? { route: d.route, rejected: d.reason } : { route: d.route, approvals: d.approvalsRequired };

// The documented table (docs/payouts.md), written out per band rather than derived from the code.
describe('the routing table', () => {
  const v0Bands: Array<[string, bigint, Expected]> = [
    ['the smallest amount', 1n, { route: 'v0', approvals: 0 }],
    ['exactly the V0 maximum', 5n * TRX, { route: 'v0', approvals: 0 }],
    ['one unit above the V0 maximum', 5n * TRX + 1n, { route: 'v0', rejected: 'v0_amount_limit' }],
  ];
  const v0Histories: Array<[string, bigint, bigint, (inBand: Expected) => Expected]> = [
    ['no 24 h history', 0n, 0n, (e) => e],
    ['a destination history that the amount fills exactly', 0n, 10n * TRX, (e) => e],
    ['a destination history the amount passes by one unit', 0n, 10n * TRX + 1n, (e) => (e.rejected ? e : { route: 'v0', rejected: 'v0_daily_limit_destination' })],
  ];
  describe.each([
    ['no recipient', null],
    ['a KYC level 0 recipient', 0],
  ])('%s: V0', (_, level) => {
    for (const [band, amount, expected] of v0Bands) {
      for (const [history, recipientPart, destinationPart, adjust] of v0Histories) {
        // The histories are totals after the payout: the amount is part of them.
        const destinationTotal = destinationPart === 0n ? 0n : destinationPart - amount;
        it(`${band}, ${history}`, () => {
          expect(outcome(decide(level, amount, recipientPart, destinationTotal < 0n ? 0n : destinationTotal))).toEqual(adjust(expected));
        });
      }
    }
  });

  it('a level 0 recipient\'s own 24 h total counts too, up to the V0 daily limit exactly', () => {
    expect(outcome(decide(0, 2n * TRX, 8n * TRX, 0n))).toEqual({ route: 'v0', approvals: 0 });
    expect(outcome(decide(0, 2n * TRX, 8n * TRX + 1n, 0n))).toEqual({ route: 'v0', rejected: 'v0_daily_limit_recipient' });
    // Without a recipient there is no recipient total to count.
    expect(outcome(decide(null, 2n * TRX, 8n * TRX + 1n, 0n))).toEqual({ route: 'v0', approvals: 0 });
  });

  const levels: Array<[number, { approval: bigint; second: bigint; max: bigint; daily: bigint }]> = [
    [1, { approval: 20n, second: 50n, max: 100n, daily: 200n }],
    [2, { approval: 200n, second: 500n, max: 1000n, daily: 2000n }],
    [3, { approval: 2000n, second: 5000n, max: 10000n, daily: 20000n }],
  ];
  describe.each(levels)('KYC level %i', (level, l) => {
    const bands: Array<[string, bigint, Expected]> = [
      ['at the approval threshold', l.approval * TRX, { route: 'kyc', approvals: 0 }],
      ['one unit above the approval threshold', l.approval * TRX + 1n, { route: 'kyc', approvals: 1 }],
      ['at the second threshold', l.second * TRX, { route: 'kyc', approvals: 1 }],
      ['one unit above the second threshold', l.second * TRX + 1n, { route: 'kyc', approvals: 2 }],
      ['at the level\'s maximum', l.max * TRX, { route: 'kyc', approvals: 2 }],
      ['one unit above the level\'s maximum', l.max * TRX + 1n, { route: 'kyc', rejected: 'kyc_amount_limit' }],
    ];
    const histories: Array<[string, (amount: bigint) => bigint, (e: Expected) => Expected]> = [
      ['no 24 h history', () => 0n, (e) => e],
      ['a recipient history the amount fills exactly', (a) => l.daily * TRX - a, (e) => e],
      ['a recipient history the amount passes by one unit', (a) => l.daily * TRX - a + 1n, (e) => (e.rejected ? e : { route: 'kyc', rejected: 'kyc_daily_limit' })],
    ];
    for (const [band, amount, expected] of bands) {
      for (const [history, total, adjust] of histories) {
        it(`${band}, ${history}`, () => {
          // A destination's history never limits the KYC path.
          expect(outcome(decide(level, amount, total(amount), 10n ** 12n))).toEqual(adjust(expected));
        });
      }
    }
  });

  it('rejects any amount above the hot wallet\'s hourly cap, whatever the route', () => {
    const tight = { ...limits, hourlyVelocity: 3n * TRX };
    for (const level of [null, 0, 1, 2, 3]) {
      const d = decideRoute({ currency: 'TRX', amount: 3n * TRX + 1n, kycLevel: level, recipientTotal: 0n, destinationTotal: 0n }, tight);
      expect(d).toMatchObject({ outcome: 'rejected', reason: 'velocity_cap' });
    }
  });

  it('never accepts an amount past its level\'s limits, whatever the history (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(null, 0, 1, 2, 3), fc.bigInt({ min: 1n, max: 30_000n * TRX }), fc.bigInt({ min: 0n, max: 30_000n * TRX }), fc.bigInt({ min: 0n, max: 30_000n * TRX }), (level, amount, r, d) => {
        const input: RouteInput = { currency: 'TRX', amount, kycLevel: level, recipientTotal: r, destinationTotal: d };
        const decision = decideRoute(input, limits);
        if (decision.outcome === 'rejected') return;
        if (level === null || level === 0) {
          expect(amount).toBeLessThanOrEqual(limits.v0.maxPerPayout);
          expect(d + amount).toBeLessThanOrEqual(limits.v0.daily);
          if (level === 0) expect(r + amount).toBeLessThanOrEqual(limits.v0.daily);
          expect(decision.approvalsRequired).toBe(0);
        } else {
          const l = limits.kyc[level - 1];
          expect(amount).toBeLessThanOrEqual(l.maxPerPayout);
          expect(r + amount).toBeLessThanOrEqual(l.daily);
          expect(decision.approvalsRequired).toBe(amount > l.secondApprovalAbove ? 2 : amount > l.approvalAbove ? 1 : 0);
        }
      }),
    );
  });

  it('names the limit and the amounts for people in its detail', () => {
    const d = decide(null, 6n * TRX);
    expect(d).toMatchObject({ outcome: 'rejected', reason: 'v0_amount_limit', detail: '6 TRX is above the V0 limit of 5 TRX per payout' });
  });
});
