import fc from 'fast-check';
import type { InvoiceStatus, PaymentStatus } from '@tronpay/models';
import { CountedPayment, settle } from './invoice-state';

const payment = fc.record({
  amount: fc.bigInt({ min: 1n, max: 10n ** 15n }),
  status: fc.constantFrom<PaymentStatus>('detected', 'confirmed', 'reverted'),
});
const open = fc.constantFrom<InvoiceStatus>('pending', 'partially_paid', 'paid');

describe('settle (the invoice state machine)', () => {
  const inv = (amount: bigint, status: InvoiceStatus = 'pending', toleranceBps = 0) => ({ amount, status, toleranceBps });
  const p = (amount: bigint, status: PaymentStatus = 'detected'): CountedPayment => ({ amount, status });

  it('walks pending -> partially_paid -> paid -> confirmed as payments arrive and solidify', () => {
    expect(settle(inv(10n), []).status).toBe('pending');
    expect(settle(inv(10n), [p(4n)]).status).toBe('partially_paid');
    expect(settle(inv(10n), [p(4n), p(6n)]).status).toBe('paid');
    expect(settle(inv(10n), [p(4n, 'confirmed'), p(6n)]).status).toBe('paid');
    expect(settle(inv(10n, 'paid'), [p(4n, 'confirmed'), p(6n, 'confirmed')]).status).toBe('confirmed');
  });

  it('records overpayment and undoes a reverted payment', () => {
    expect(settle(inv(10n), [p(15n)])).toEqual({ status: 'paid', received: 15n, overpaid: 5n });
    expect(settle(inv(10n, 'paid'), [p(4n), p(6n, 'reverted')])).toEqual({ status: 'partially_paid', received: 4n, overpaid: 0n });
    expect(settle(inv(10n, 'paid'), [p(10n, 'reverted')]).status).toBe('pending');
  });

  it('applies the underpayment tolerance exactly, without floats', () => {
    // 1% of 1,000,000 = 10,000 base units may be missing.
    expect(settle(inv(1_000_000n, 'pending', 100), [p(990_000n)]).status).toBe('paid');
    expect(settle(inv(1_000_000n, 'pending', 100), [p(989_999n)]).status).toBe('partially_paid');
  });

  it('never leaves expired or confirmed', () => {
    fc.assert(
      fc.property(fc.constantFrom<InvoiceStatus>('expired', 'confirmed'), fc.array(payment), (status, payments) => {
        expect(settle(inv(100n, status), payments).status).toBe(status);
      }),
    );
  });

  it('property: received is the sum of live payments, and the status agrees with it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), open, fc.integer({ min: 0, max: 5000 }), fc.array(payment, { maxLength: 8 }), (amount, status, bps, payments) => {
        const s = settle(inv(amount, status, bps), payments);
        const live = payments.filter((x) => x.status !== 'reverted');
        const sum = live.reduce((a, x) => a + x.amount, 0n);
        expect(s.received).toBe(sum);
        expect(s.overpaid).toBe(sum > amount ? sum - amount : 0n);
        const enough = sum * 10_000n >= amount * BigInt(10_000 - bps);
        if (sum === 0n) expect(s.status).toBe('pending');
        else if (!enough) expect(s.status).toBe('partially_paid');
        else expect(s.status).toBe(live.every((x) => x.status === 'confirmed') ? 'confirmed' : 'paid');
      }),
    );
  });

  it('property: the order payments arrive in does not matter', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.array(payment, { maxLength: 8 }), (amount, payments) => {
        const reversed = [...payments].reverse();
        expect(settle(inv(amount), payments)).toEqual(settle(inv(amount), reversed));
      }),
    );
  });
});
