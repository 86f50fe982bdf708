import type { PayoutApproval, PayoutTable, PayoutTransactionTable, PayoutTransactionView, PayoutView } from '@tronpay/models';
import { formatDecimal } from '@tronpay/tron';
import type { Selectable } from 'kysely';

export type PayoutRow = Selectable<PayoutTable>;
export type PayoutTxRow = Selectable<PayoutTransactionTable>;

export const AMOUNT_DECIMALS = 6;

export const whole = (baseUnits: string | bigint) => formatDecimal(BigInt(baseUnits), AMOUNT_DECIMALS);

export function transactionView(t: Pick<PayoutTxRow, 'tx_id' | 'status' | 'expiration' | 'block_number' | 'created_at'>): PayoutTransactionView {
  return {
    txId: t.tx_id,
    status: t.status,
    expiration: t.expiration.toISOString(),
    blockNumber: t.block_number === null ? null : Number(t.block_number),
    createdAt: t.created_at.toISOString(),
  };
}

/** A payout as `GET /v1/payouts/:id` shows it: whole units, base58, ISO times; the fee in TRX. */
export function payoutView(row: PayoutRow, approvals: PayoutApproval[], transactions: PayoutTxRow[]): PayoutView {
  return {
    id: row.id,
    currency: row.currency,
    amount: whole(row.amount),
    to: row.destination,
    recipientId: row.recipient_id,
    reference: row.reference,
    route: row.route,
    status: row.status,
    txId: row.tx_id,
    fee: row.fee === null ? null : whole(row.fee),
    failureReason: row.failure_reason,
    failureDetail: row.failure_detail,
    approvals,
    approvalsRequired: row.approvals_required,
    warnings: row.warnings,
    holdReason: row.hold_reason,
    transactions: transactions.map(transactionView),
    batchId: row.batch_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
