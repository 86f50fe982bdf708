import { Inject, Injectable } from '@nestjs/common';
import type { DepositEvent, InvoiceStatus, WebhookEventType } from '@tronpay/models';
import { EventCommits } from '../events/event-commits';
import { EventsService } from '../events/events.service';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import type { GatewayTx } from '../idempotency/idempotency.service';
import { settle } from './invoice-state';
import { InvoiceRecord, invoiceView, paymentView } from './invoice.view';
import { InvoicesMetrics } from './invoices.metrics';
import { InvoicesRepository, PaymentRow } from './invoices.repository';

export type DepositKind = 'detected' | 'confirmed' | 'reverted';

type Arrival = 'counted' | 'late' | null;

const isSettled = (s: InvoiceStatus) => s === 'paid' || s === 'confirmed';

/**
 * Applies the scanner's deposit events to invoices, in one transaction per event with the
 * invoice row locked. Each event is idempotent by the payment's (txId, logIndex) and state, so
 * a re-delivered or reordered event changes nothing twice. Chain time decides lateness: a
 * payment counts when its block is no later than `expiresAt` and the invoice is still open.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
    private readonly repository: InvoicesRepository,
    private readonly events: EventsService,
    private readonly commits: EventCommits,
    private readonly metrics: InvoicesMetrics,
  ) {}

  async apply(kind: DepositKind, deposit: DepositEvent): Promise<void> {
    const changed = await this.repository.db.transaction().execute((tx) => this.applyIn(tx, kind, deposit));
    if (changed) this.commits.committed();
  }

  private async applyIn(tx: GatewayTx, kind: DepositKind, d: DepositEvent): Promise<boolean> {
    const invoice = await this.repository.lockByAddress(tx, d.to);
    if (!invoice) {
      this.metrics.ignore('not_an_invoice');
      return false;
    }
    // The invoice's token was fixed at creation: 'TRX', or the network's canonical USDT contract.
    const wanted = d.token === invoice.token;
    if (!wanted) {
      this.metrics.ignore('other_token');
      return false;
    }
    const existing = await this.repository.lockPayment(tx, d.txId, d.logIndex);
    const blockTime = new Date(d.blockTime);
    const onTime = blockTime.getTime() <= invoice.expiresAt.getTime() && invoice.status !== 'expired';
    const block = { blockNumber: d.blockNumber, blockHash: d.blockHash, blockTime };
    let arrival: Arrival = null;
    let reverted = false;

    if (kind === 'reverted') {
      if (!existing) {
        // The revert overtook its detection: a tombstone keeps that detection from counting later.
        await this.repository.insertPayment(tx, this.newPayment(invoice, d, 'reverted', false, false));
        return false;
      }
      if (existing.status !== 'detected' || existing.blockHash !== d.blockHash) return false;
      await this.repository.updatePayment(tx, existing.id, { status: 'reverted' });
      reverted = existing.counted;
      if (!reverted) return true;
    } else if (!existing) {
      await this.repository.insertPayment(tx, this.newPayment(invoice, d, kind, onTime, !onTime));
      arrival = onTime ? 'counted' : 'late';
    } else if (existing.status === 'reverted') {
      if (existing.blockHash === d.blockHash && kind === 'detected') return false;
      // Included again after a reorg (or confirmed in its block after all): it counts as it arrives now.
      await this.repository.updatePayment(tx, existing.id, { status: kind, ...block, counted: onTime, late: !onTime });
      arrival = onTime ? 'counted' : 'late';
    } else if (kind === 'confirmed' && existing.status === 'detected') {
      await this.repository.updatePayment(tx, existing.id, { status: 'confirmed', ...block });
    } else {
      return false;
    }

    await this.settleInvoice(tx, invoice, d, arrival, reverted);
    return true;
  }

  private newPayment(invoice: InvoiceRecord, d: DepositEvent, status: 'detected' | 'confirmed' | 'reverted', counted: boolean, late: boolean) {
    return {
      invoiceId: invoice.id,
      txId: d.txId,
      logIndex: d.logIndex,
      token: d.token,
      from: d.from,
      amount: BigInt(d.amount),
      blockNumber: d.blockNumber,
      blockHash: d.blockHash,
      blockTime: new Date(d.blockTime),
      status,
      counted,
      late,
    };
  }

  private async settleInvoice(tx: GatewayTx, invoice: InvoiceRecord, d: DepositEvent, arrival: Arrival, reverted: boolean): Promise<void> {
    const payments = (await this.repository.payments(tx, [invoice.id])).get(invoice.id) ?? [];
    const s = settle(
      { amount: invoice.amount, status: invoice.status, toleranceBps: this.settings.invoices.underpaymentToleranceBps },
      payments.filter((p) => p.counted),
    );
    let status = s.status;
    const now = new Date();
    // A payment the chain took after expiresAt closes an invoice the expiry job has not reached yet.
    const expiresNow = arrival === 'late' && !isSettled(status) && status !== 'expired';
    if (expiresNow) status = 'expired';
    const updated = await this.repository.updateInvoice(tx, invoice.id, {
      status,
      amountReceived: s.received,
      paidAt: isSettled(status) ? (invoice.paidAt ?? now) : status === 'expired' ? invoice.paidAt : null,
      confirmedAt: status === 'confirmed' ? (invoice.confirmedAt ?? now) : null,
      ...(expiresNow ? { expiredAt: now } : {}),
    });
    const view = invoiceView(updated, payments);
    const payment = payments.find((p: PaymentRow) => p.txId === d.txId && p.logIndex === d.logIndex);
    const withPayment = { invoice: view, payment: payment ? paymentView(payment) : null };
    const emit = (type: WebhookEventType, data: Record<string, unknown>) => this.events.record(tx, type, data);

    if (status !== invoice.status) this.metrics.transitions.inc({ status });
    if (expiresNow) await emit('invoice.expired', { invoice: view });
    if (arrival === 'late') await emit('invoice.late_payment', withPayment);
    if (reverted) await emit('invoice.payment_reverted', withPayment);
    if (arrival === 'counted' && status === 'partially_paid') await emit('invoice.partially_paid', withPayment);
    if (!isSettled(invoice.status) && isSettled(status)) await emit('invoice.paid', { invoice: view });
    if (invoice.status !== 'confirmed' && status === 'confirmed') await emit('invoice.confirmed', { invoice: view });
  }
}
