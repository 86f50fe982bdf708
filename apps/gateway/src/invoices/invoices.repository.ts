import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import type { GatewaySchema, InvoicePaymentTable, InvoiceStatus, InvoiceTable, PaymentStatus } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { GatewayDb, gatewayDb } from '../gateway.database';
import type { CursorPosition } from '../http/pagination';
import type { InvoiceRecord, PaymentRecord } from './invoice.view';

type Db = Kysely<GatewaySchema>;

function invoice(r: Selectable<InvoiceTable>): InvoiceRecord & { expiredAt: Date | null } {
  return {
    id: r.id,
    orderId: r.order_id,
    currency: r.currency,
    token: r.token,
    amount: BigInt(r.amount),
    amountReceived: BigInt(r.amount_received),
    address: r.address,
    status: r.status,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    paidAt: r.paid_at,
    confirmedAt: r.confirmed_at,
    expiredAt: r.expired_at,
    metadata: (r.metadata as Record<string, unknown> | null) ?? null,
  };
}

export type PaymentRow = PaymentRecord & { id: string; invoiceId: string };

function payment(r: Selectable<InvoicePaymentTable>): PaymentRow {
  return {
    id: r.id,
    invoiceId: r.invoice_id,
    txId: r.tx_id,
    logIndex: r.log_index,
    from: r.from_address,
    amount: BigInt(r.amount),
    blockNumber: Number(r.block_number),
    blockHash: r.block_hash,
    blockTime: r.block_time,
    status: r.status,
    counted: r.counted,
    late: r.late,
  };
}

export interface NewInvoice {
  id: string;
  orderId: string | null;
  currency: 'TRX' | 'USDT';
  token: string;
  amount: bigint;
  address: string;
  addressIndex: number;
  expiresAt: Date;
  metadata: Record<string, unknown> | null;
  createdBy: string;
}

export interface NewPayment {
  invoiceId: string;
  txId: string;
  logIndex: number;
  token: string;
  from: string;
  amount: bigint;
  blockNumber: number;
  blockHash: string;
  blockTime: Date;
  status: PaymentStatus;
  counted: boolean;
  late: boolean;
}

/** Invoices and their payments. Every method takes the executor, so callers choose the transaction. */
@Injectable()
export class InvoicesRepository {
  readonly db: GatewayDb;

  constructor(database: Database) {
    this.db = gatewayDb(database);
  }

  async insert(db: Db, v: NewInvoice): Promise<InvoiceRecord> {
    const row = await db
      .insertInto('invoices')
      .values({
        id: v.id,
        order_id: v.orderId,
        currency: v.currency,
        token: v.token,
        amount: v.amount.toString(),
        address: v.address,
        address_index: v.addressIndex,
        status: 'pending',
        expires_at: v.expiresAt,
        metadata: v.metadata === null ? null : JSON.stringify(v.metadata),
        created_by: v.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return invoice(row);
  }

  async get(db: Db, id: string): Promise<InvoiceRecord | null> {
    const row = await db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? invoice(row) : null;
  }

  /** The invoice of a deposit address, locked for the caller's transaction. */
  async lockByAddress(db: Db, address: string) {
    const row = await db.selectFrom('invoices').selectAll().where('address', '=', address).forUpdate().executeTakeFirst();
    return row ? invoice(row) : null;
  }

  async list(db: Db, filter: { status?: InvoiceStatus; orderId?: string }, limit: number, after?: CursorPosition): Promise<InvoiceRecord[]> {
    let q = db.selectFrom('invoices').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.orderId !== undefined) q = q.where('order_id', '=', filter.orderId);
    if (after) {
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
      );
    }
    return (await q.execute()).map(invoice);
  }

  async payments(db: Db, invoiceIds: string[]): Promise<Map<string, PaymentRow[]>> {
    const out = new Map<string, PaymentRow[]>(invoiceIds.map((id) => [id, []]));
    if (!invoiceIds.length) return out;
    const rows = await db.selectFrom('invoice_payments').selectAll().where('invoice_id', 'in', invoiceIds).orderBy('id').execute();
    for (const r of rows) out.get(r.invoice_id)?.push(payment(r));
    return out;
  }

  async lockPayment(db: Db, txId: string, logIndex: number): Promise<PaymentRow | null> {
    const row = await db.selectFrom('invoice_payments').selectAll().where('tx_id', '=', txId).where('log_index', '=', logIndex).forUpdate().executeTakeFirst();
    return row ? payment(row) : null;
  }

  async insertPayment(db: Db, p: NewPayment): Promise<void> {
    await db
      .insertInto('invoice_payments')
      .values({
        invoice_id: p.invoiceId,
        tx_id: p.txId,
        log_index: p.logIndex,
        token: p.token,
        from_address: p.from,
        amount: p.amount.toString(),
        block_number: p.blockNumber,
        block_hash: p.blockHash,
        block_time: p.blockTime,
        status: p.status,
        counted: p.counted,
        late: p.late,
        confirmed_at: p.status === 'confirmed' ? new Date() : null,
        reverted_at: p.status === 'reverted' ? new Date() : null,
      })
      .execute();
  }

  async updatePayment(
    db: Db,
    id: string,
    change: { status: PaymentStatus; blockNumber?: number; blockHash?: string; blockTime?: Date; counted?: boolean; late?: boolean },
  ): Promise<void> {
    await db
      .updateTable('invoice_payments')
      .set({
        status: change.status,
        ...(change.blockNumber !== undefined ? { block_number: change.blockNumber } : {}),
        ...(change.blockHash !== undefined ? { block_hash: change.blockHash } : {}),
        ...(change.blockTime !== undefined ? { block_time: change.blockTime } : {}),
        ...(change.counted !== undefined ? { counted: change.counted } : {}),
        ...(change.late !== undefined ? { late: change.late } : {}),
        ...(change.status === 'confirmed' ? { confirmed_at: new Date() } : {}),
        ...(change.status === 'reverted' ? { reverted_at: new Date() } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async updateInvoice(
    db: Db,
    id: string,
    change: { status: InvoiceStatus; amountReceived: bigint; paidAt: Date | null; confirmedAt: Date | null; expiredAt?: Date },
  ): Promise<InvoiceRecord> {
    const row = await db
      .updateTable('invoices')
      .set({
        status: change.status,
        amount_received: change.amountReceived.toString(),
        paid_at: change.paidAt,
        confirmed_at: change.confirmedAt,
        ...(change.expiredAt ? { expired_at: change.expiredAt } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return invoice(row);
  }

  /** Marks open invoices past expiry (plus grace) expired, a batch at a time; replicas skip each other's rows. */
  async expireDue(db: Db, graceSeconds: number, batch: number): Promise<InvoiceRecord[]> {
    const cutoff = new Date(Date.now() - graceSeconds * 1000);
    const due = await db
      .selectFrom('invoices')
      .select('id')
      .where('status', 'in', ['pending', 'partially_paid'])
      .where('expires_at', '<=', cutoff)
      .orderBy('expires_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!due.length) return [];
    const rows = await db
      .updateTable('invoices')
      .set({ status: 'expired', expired_at: new Date(), updated_at: new Date() })
      .where('id', 'in', due.map((d) => d.id))
      .returningAll()
      .execute();
    return rows.map(invoice);
  }
}
