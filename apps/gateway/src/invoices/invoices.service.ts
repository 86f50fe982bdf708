import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { parseDecimal, TronValueError } from '@tronpay/tron';
import { actorOf, Principal } from '../auth/principal';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.settings';
import { GatewayError } from '../http/gateway.errors';
import { DEFAULT_LIMIT, decodeCursor, isUuid, Page, toPage } from '../http/pagination';
import type { GatewayTx, Outcome } from '../idempotency/idempotency.service';
import { DepositAddresses } from './deposit-addresses';
import type { CreateInvoiceDto, ListInvoicesQuery } from './invoice.dto';
import { INVOICE_DECIMALS, invoiceView, InvoiceView } from './invoice.view';
import { InvoicesRepository } from './invoices.repository';
import { UsdtContract } from './usdt-contract';

const METADATA_MAX_BYTES = 4096;

/** Parses a request amount: a canonical-or-not decimal string of whole units, > 0, at most 6 decimals. */
export function parseAmount(amount: string, field = 'amount'): bigint {
  let units: bigint;
  try {
    units = parseDecimal(amount, INVOICE_DECIMALS);
  } catch (e) {
    if (e instanceof TronValueError) throw GatewayError.badRequest('validation_failed', `${field}: ${e.message}`, [`${field}: ${e.message}`]);
    throw e;
  }
  if (units <= 0n) throw GatewayError.badRequest('validation_failed', `${field} must be more than 0`, [`${field} must be more than 0`]);
  return units;
}

/** Creating, reading and listing invoices; payments change them in PaymentsService. */
@Injectable()
export class InvoicesService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
    private readonly repository: InvoicesRepository,
    private readonly addresses: DepositAddresses,
    private readonly usdt: UsdtContract,
  ) {}

  /** Runs inside the idempotency transaction: the address is issued, the invoice stored, both or neither kept. */
  async create(principal: Principal, dto: CreateInvoiceDto, tx: GatewayTx): Promise<Outcome<InvoiceView>> {
    const amount = parseAmount(dto.amount);
    if (dto.metadata !== undefined && (Array.isArray(dto.metadata) || Buffer.byteLength(JSON.stringify(dto.metadata)) > METADATA_MAX_BYTES)) {
      throw GatewayError.badRequest('validation_failed', 'metadata must be a JSON object of at most 4 KB', ['metadata must be a JSON object of at most 4 KB']);
    }
    const token = dto.currency === 'TRX' ? 'TRX' : await this.usdt.get();
    const id = randomUUID();
    const { address, index } = await this.addresses.next(`invoice:${id}`);
    const expiresIn = dto.expiresInSeconds ?? this.settings.invoices.defaultExpirySeconds;
    const invoice = await this.repository.insert(tx, {
      id,
      orderId: dto.orderId ?? null,
      currency: dto.currency,
      token,
      amount,
      address,
      addressIndex: index,
      expiresAt: new Date(Date.now() + expiresIn * 1000),
      metadata: dto.metadata ?? null,
      createdBy: actorOf(principal),
    });
    return { status: 201, body: invoiceView(invoice, []) };
  }

  async get(id: string): Promise<InvoiceView> {
    if (!isUuid(id)) throw GatewayError.notFound('invoice');
    const db = this.repository.db;
    const invoice = await this.repository.get(db, id);
    if (!invoice) throw GatewayError.notFound('invoice');
    const payments = await this.repository.payments(db, [id]);
    return invoiceView(invoice, payments.get(id) ?? []);
  }

  async list(query: ListInvoicesQuery): Promise<Page<InvoiceView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const db = this.repository.db;
    const rows = await this.repository.list(db, { status: query.status, orderId: query.orderId }, limit + 1, decodeCursor(query.cursor));
    const payments = await this.repository.payments(db, rows.slice(0, limit).map((r) => r.id));
    return toPage(rows, limit, (r) => invoiceView(r, payments.get(r.id) ?? []));
  }
}
