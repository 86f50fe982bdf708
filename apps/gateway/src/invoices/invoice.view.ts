import { formatDecimal } from '@tronpay/tron';
import type { InvoiceCurrency, InvoiceStatus, PaymentStatus } from '@tronpay/models';

/** Both invoice currencies have 6 decimals on TRON (SUN; USDT-TRC20). */
export const INVOICE_DECIMALS = 6;

export interface InvoiceRecord {
  id: string;
  orderId: string | null;
  currency: InvoiceCurrency;
  token: string;
  amount: bigint;
  amountReceived: bigint;
  address: string;
  status: InvoiceStatus;
  expiresAt: Date;
  createdAt: Date;
  paidAt: Date | null;
  confirmedAt: Date | null;
  metadata: Record<string, unknown> | null;
}

export interface PaymentRecord {
  txId: string;
  logIndex: number;
  from: string;
  amount: bigint;
  blockNumber: number;
  blockHash: string;
  blockTime: Date;
  status: PaymentStatus;
  counted: boolean;
  late: boolean;
}

export interface PaymentView {
  txId: string;
  logIndex: number;
  from: string;
  amount: string;
  blockNumber: number;
  confirmed: boolean;
  late: boolean;
  reverted: boolean;
}

export interface InvoiceView {
  id: string;
  orderId: string | null;
  currency: InvoiceCurrency;
  amount: string;
  amountReceived: string;
  address: string;
  status: InvoiceStatus;
  expiresAt: string;
  createdAt: string;
  paidAt: string | null;
  confirmedAt: string | null;
  overpaidAmount: string;
  paymentUri: string;
  /** The TRC20 contract whose transfers count (USDT), or null for TRX. */
  tokenContract: string | null;
  metadata: Record<string, unknown> | null;
  payments: PaymentView[];
}

const money = (units: bigint) => formatDecimal(units, INVOICE_DECIMALS);

/** A `tron:` URI that wallets read: address, amount in whole units, and the token contract for TRC20. */
export function paymentUri(invoice: Pick<InvoiceRecord, 'address' | 'amount' | 'currency' | 'token'>): string {
  const token = invoice.currency === 'TRX' ? '' : `&token=${invoice.token}`;
  return `tron:${invoice.address}?amount=${money(invoice.amount)}${token}`;
}

export function paymentView(p: PaymentRecord): PaymentView {
  return {
    txId: p.txId,
    logIndex: p.logIndex,
    from: p.from,
    amount: money(p.amount),
    blockNumber: p.blockNumber,
    confirmed: p.status === 'confirmed',
    late: p.late,
    reverted: p.status === 'reverted',
  };
}

export function invoiceView(invoice: InvoiceRecord, payments: readonly PaymentRecord[]): InvoiceView {
  const overpaid = invoice.amountReceived > invoice.amount ? invoice.amountReceived - invoice.amount : 0n;
  return {
    id: invoice.id,
    orderId: invoice.orderId,
    currency: invoice.currency,
    amount: money(invoice.amount),
    amountReceived: money(invoice.amountReceived),
    address: invoice.address,
    status: invoice.status,
    expiresAt: invoice.expiresAt.toISOString(),
    createdAt: invoice.createdAt.toISOString(),
    paidAt: invoice.paidAt?.toISOString() ?? null,
    confirmedAt: invoice.confirmedAt?.toISOString() ?? null,
    overpaidAmount: money(overpaid),
    paymentUri: paymentUri(invoice),
    tokenContract: invoice.currency === 'TRX' ? null : invoice.token,
    metadata: invoice.metadata,
    payments: payments.map(paymentView),
  };
}
