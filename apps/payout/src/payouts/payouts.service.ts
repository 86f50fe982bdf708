import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { BatchPayoutRequest, CreatePayoutRequest, Page, PayoutBatchReply, PayoutForSigning, PayoutItem, PayoutView } from '@tronpay/models';
import { Address, parseDecimal } from '@tronpay/tron';
import { TransportRpcError } from '@tronpay/transport';
import { PayoutError } from '../payout.errors';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { RecipientsRepository } from '../recipients/recipients.repository';
import type { RecipientRow } from '../recipients/recipient.view';
import { DestinationChecks, DestinationFacts } from '../routing/destination-checks';
import { PayoutRouter } from '../routing/payout-router';
import { PayoutViews } from './payout-views';
import { PayoutWork } from './payout-work';
import { PayoutsRepository } from './payouts.repository';
import { AMOUNT_DECIMALS, PayoutRow } from './payout.view';

interface ParsedItem {
  index: number;
  item: PayoutItem;
  amount: bigint;
  destination: string;
  key: string | null;
  fingerprint: string;
}

const LIST_DEFAULT = 20;
/** Payouts of a batch recorded per transaction. */
const CHUNK = 100;

function invalid(property: string, message: string): TransportRpcError {
  return new TransportRpcError('validation_failed', `Invalid payload: ${property}`, [{ property, constraints: { payout: message } }]);
}

function parseItems(items: PayoutItem[], requestedBy: string, key: (i: number) => string | null): ParsedItem[] {
  return items.map((item, index) => {
    const to = Address.tryParse(item.to);
    const where = items.length > 1 ? `items.${index}.` : '';
    if (!to) throw invalid(`${where}to`, 'to is not a valid TRON address (checksum?)');
    let amount: bigint;
    try {
      amount = parseDecimal(item.amount, AMOUNT_DECIMALS);
    } catch {
      throw invalid(`${where}amount`, 'amount must be a decimal string of whole units with at most 6 decimals');
    }
    if (amount <= 0n) throw invalid(`${where}amount`, 'amount must be more than 0');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([item.currency, amount.toString(), to.base58, item.recipientId ?? null, item.reference ?? null, requestedBy]))
      .digest('hex');
    return { index, item, amount, destination: to.base58, key: key(index), fingerprint };
  });
}

function encodeCursor(row: PayoutRow): string {
  return Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw new PayoutError('invalid_cursor', 'cursor is not one this list gave');
  }
}

/**
 * Creating payouts: one, or a batch of up to 500 each routed on its own. The input is checked
 * whole first (all or nothing); then each payout is routed and recorded in its own transaction,
 * once per idempotency key (a unique constraint; a concurrent duplicate waits on the key's lock
 * and finds the first one's payout).
 */
@Injectable()
export class PayoutsService {
  constructor(
    private readonly repository: PayoutsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly checks: DestinationChecks,
    private readonly router: PayoutRouter,
    private readonly work: PayoutWork,
    private readonly views: PayoutViews,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  async create(r: CreatePayoutRequest): Promise<PayoutView> {
    const parsed = parseItems([r], r.requestedBy, () => r.idempotencyKey ?? null);
    const [row] = await this.createAll(parsed, r.requestedBy, null);
    return this.views.one(row);
  }

  async batch(r: BatchPayoutRequest): Promise<PayoutBatchReply> {
    const parsed = parseItems(r.items, r.requestedBy, (i) => (r.idempotencyKey ? `${r.idempotencyKey}:${i}` : null));
    const rows = await this.createAll(parsed, r.requestedBy, randomUUID());
    return { data: await this.views.of(rows) };
  }

  private async createAll(items: ParsedItem[], requestedBy: string, batchId: string | null): Promise<PayoutRow[]> {
    const keys = items.flatMap((i) => (i.key ? [i.key] : []));
    const existing = new Map((await this.repository.byIdempotencyKeys(this.repository.db, keys)).map((p) => [p.idempotency_key, p]));
    for (const i of items) {
      const prior = i.key ? existing.get(i.key) : undefined;
      if (prior && prior.fingerprint !== i.fingerprint) throw new PayoutError('idempotency_key_reused', 'This Idempotency-Key was used for another payout');
    }
    // A retried batch keeps the batch id its first items got.
    const batch = batchId ? ([...existing.values()].find((p) => p.batch_id)?.batch_id ?? batchId) : null;
    const fresh = items.filter((i) => !(i.key && existing.has(i.key)));
    const recipientIds = [...new Set(fresh.flatMap((i) => (i.item.recipientId ? [i.item.recipientId] : [])))];
    const [recipients, facts] = await Promise.all([
      this.recipients.findMany(this.recipients.db, recipientIds).then((rows) => new Map(rows.map((x) => [x.id, x]))),
      fresh.length ? this.checks.facts(fresh.map((i) => i.destination)) : Promise.resolve(new Map<string, DestinationFacts>()),
    ]);
    const created = new Map<number, PayoutRow>();
    for (let at = 0; at < fresh.length; at += CHUNK) {
      const rows = await this.createChunk(fresh.slice(at, at + CHUNK), requestedBy, batch, recipients, facts);
      for (const [index, row] of rows) created.set(index, row);
    }
    return items.map((i) => (i.key ? existing.get(i.key) : undefined) ?? (created.get(i.index) as PayoutRow));
  }

  /**
   * Up to CHUNK payouts in one transaction. Every advisory lock they need (idempotency keys,
   * destinations, recipients) is taken first, in one sorted order, so concurrent requests never
   * deadlock; the rolling totals are then read once per destination and recipient and carried
   * forward through the chunk, each payout counted against what the ones before it took.
   */
  private createChunk(
    chunk: ParsedItem[],
    requestedBy: string,
    batchId: string | null,
    recipients: Map<string, RecipientRow>,
    facts: Map<string, DestinationFacts>,
  ): Promise<Map<number, PayoutRow>> {
    return this.work.run(async (tx, fx) => {
      const lockKeys = new Set<string>();
      for (const i of chunk) {
        if (i.key) lockKeys.add(`payout-key:${i.key}`);
        lockKeys.add(PayoutRouter.destinationKey(i.item.currency, i.destination));
        const r = i.item.recipientId ? recipients.get(i.item.recipientId) : undefined;
        if (r) lockKeys.add(PayoutRouter.recipientKey(i.item.currency, r.id));
      }
      await this.repository.lock(tx, ...[...lockKeys].sort());
      // A concurrent duplicate committed while this one waited for the key's lock: answer with its payout.
      const raced = new Map((await this.repository.byIdempotencyKeys(tx, chunk.flatMap((i) => (i.key ? [i.key] : [])))).map((p) => [p.idempotency_key, p]));
      const totals = new Map<string, bigint>();
      const total = async (key: string, load: () => Promise<bigint>) => {
        if (!totals.has(key)) totals.set(key, await load());
        return totals.get(key) as bigint;
      };
      const out = new Map<number, PayoutRow>();
      for (const i of chunk) {
        const prior = i.key ? raced.get(i.key) : undefined;
        if (prior) {
          if (prior.fingerprint !== i.fingerprint) throw new PayoutError('idempotency_key_reused', 'This Idempotency-Key was used for another payout');
          out.set(i.index, prior);
          continue;
        }
        const currency = i.item.currency;
        const recipient = i.item.recipientId ? recipients.get(i.item.recipientId) : undefined;
        const request = { currency, amount: i.amount, destination: i.destination, recipientId: i.item.recipientId ?? null, recipient, facts: facts.get(i.destination) as DestinationFacts };
        const destinationKey = PayoutRouter.destinationKey(currency, i.destination);
        const recipientKey = recipient ? PayoutRouter.recipientKey(currency, recipient.id) : null;
        const routed =
          this.router.refusedOutright(request) ??
          this.router.route(request, {
            destination: await total(destinationKey, () => this.repository.rollingTotal(tx, currency, 'destination', i.destination)),
            recipient: recipient && recipientKey ? await total(recipientKey, () => this.repository.rollingTotal(tx, currency, 'recipient_id', recipient.id)) : 0n,
          });
        if (routed.status !== 'rejected') {
          totals.set(destinationKey, (totals.get(destinationKey) ?? 0n) + i.amount);
          if (recipientKey) totals.set(recipientKey, (totals.get(recipientKey) ?? 0n) + i.amount);
        }
        const now = new Date();
        const row = await this.repository.insert(tx, {
          id: randomUUID(),
          idempotency_key: i.key,
          fingerprint: i.fingerprint,
          batch_id: batchId,
          batch_index: batchId ? i.index : null,
          currency,
          amount: i.amount.toString(),
          destination: i.destination,
          recipient_id: recipient?.id ?? null,
          kyc_level: routed.kycLevel,
          reference: i.item.reference ?? null,
          route: routed.route,
          status: routed.status,
          approvals_required: routed.approvalsRequired,
          warnings: routed.warnings,
          failure_reason: routed.failureReason,
          failure_detail: routed.failureDetail,
          created_by: requestedBy,
          queued_at: routed.status === 'queued' ? now : null,
          finished_at: routed.status === 'rejected' ? now : null,
          // Handed to the queue after commit; the relay takes it if that hint is lost.
          next_run_at: routed.status === 'queued' ? new Date(now.getTime() + this.settings.execution.jobLockMs * 2) : null,
        });
        await this.work.created(tx, fx, row);
        out.set(i.index, row);
      }
      return out;
    });
  }

  async get(id: string): Promise<PayoutView> {
    const row = await this.repository.find(this.repository.db, id);
    if (!row) throw new PayoutError('payout_not_found', 'No such payout');
    return this.views.one(row);
  }

  async list(status: PayoutRow['status'] | undefined, limit = LIST_DEFAULT, cursor?: string): Promise<Page<PayoutView>> {
    const rows = await this.repository.list(status, limit, cursor ? decodeCursor(cursor) : null);
    const page = rows.slice(0, limit);
    return { data: await this.views.of(page), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /**
   * `payout.get.v1`, the wallet's look-up before it signs: only a payout being executed (queued
   * with its funds reserved, or signed) is described, so nothing else can get a payout signature.
   */
  async forSigning(id: string): Promise<PayoutForSigning> {
    const row = await this.repository.find(this.repository.db, id);
    if (!row || !(row.status === 'queued' || row.status === 'signed') || !row.reserved_at) {
      throw new PayoutError('payout_not_found', 'No payout being executed has this id');
    }
    return { to: row.destination, amount: row.amount, currency: row.currency };
  }
}
