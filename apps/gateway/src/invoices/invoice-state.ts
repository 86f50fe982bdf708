import type { InvoiceStatus, PaymentStatus } from '@tronpay/models';

export interface CountedPayment {
  amount: bigint;
  status: PaymentStatus;
}

export interface InvoiceFigures {
  amount: bigint;
  status: InvoiceStatus;
  /** Underpayment tolerance in basis points: paid when received >= amount x (1 - bps/10,000). */
  toleranceBps: number;
}

export interface Settlement {
  status: InvoiceStatus;
  received: bigint;
  overpaid: bigint;
}

/**
 * The invoice state machine as one pure function of its counted payments (late ones are never
 * counted). `expired` and `confirmed` are final; otherwise the status follows what arrived:
 * nothing -> pending, some -> partially_paid, enough -> paid, enough and every counted payment
 * solidified -> confirmed. A reverted payment counts for nothing, so a reorg can take `paid` back.
 */
export function settle(invoice: InvoiceFigures, payments: readonly CountedPayment[]): Settlement {
  const live = payments.filter((p) => p.status !== 'reverted');
  const received = live.reduce((sum, p) => sum + p.amount, 0n);
  const overpaid = received > invoice.amount ? received - invoice.amount : 0n;
  if (invoice.status === 'expired' || invoice.status === 'confirmed') return { status: invoice.status, received, overpaid };
  const enough = received * 10_000n >= invoice.amount * BigInt(10_000 - invoice.toleranceBps);
  let status: InvoiceStatus;
  if (enough && received > 0n) status = live.every((p) => p.status === 'confirmed') ? 'confirmed' : 'paid';
  else status = received > 0n ? 'partially_paid' : 'pending';
  return { status, received, overpaid };
}
