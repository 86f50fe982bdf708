import { Injectable } from '@nestjs/common';
import {
  Page,
  PAYOUT_PAYOUTS_APPROVE,
  PAYOUT_PAYOUTS_BATCH,
  PAYOUT_PAYOUTS_CANCEL,
  PAYOUT_PAYOUTS_CREATE,
  PAYOUT_PAYOUTS_GET,
  PAYOUT_PAYOUTS_LIST,
  PayoutBatchReply,
  PayoutView,
} from '@tronpay/models';
import { actorOf, Principal } from '../../auth/principal';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { Created, Forwarder } from '../forwarder.service';
import { routeId } from '../route-ids';
import { base58, canonicalAmount } from '../tron-values';
import type { BatchPayoutDto, CancelPayoutDto, CreatePayoutDto, ListPayoutsQuery } from './payouts.dto';

/** Payouts are routed and executed by the payout service; the gateway normalizes what it is asked and forwards it. */
@Injectable()
export class PayoutsService {
  constructor(private readonly forwarder: Forwarder) {}

  create(request: IdempotentRequest, dto: CreatePayoutDto): Promise<Created<PayoutView>> {
    return this.forwarder.create(request, PAYOUT_PAYOUTS_CREATE, { ...this.item(dto), requestedBy: actorOf(request.principal) });
  }

  batch(request: IdempotentRequest, dto: BatchPayoutDto): Promise<Created<PayoutBatchReply>> {
    return this.forwarder.create(request, PAYOUT_PAYOUTS_BATCH, { items: dto.items.map((i) => this.item(i)), requestedBy: actorOf(request.principal) });
  }

  /** The approver's key id goes along: maker-checker is the payout service's to enforce, against the creator. */
  approve(principal: Principal, rawId: string): Promise<PayoutView> {
    return this.forwarder.request(PAYOUT_PAYOUTS_APPROVE, { id: routeId(rawId, 'payout'), approverKeyId: principal.keyId, requestedBy: actorOf(principal) });
  }

  cancel(principal: Principal, rawId: string, dto: CancelPayoutDto): Promise<PayoutView> {
    const reason = dto.reason !== undefined ? { reason: dto.reason } : {};
    return this.forwarder.request(PAYOUT_PAYOUTS_CANCEL, { id: routeId(rawId, 'payout'), ...reason, requestedBy: actorOf(principal) });
  }

  get(rawId: string): Promise<PayoutView> {
    return this.forwarder.request(PAYOUT_PAYOUTS_GET, { id: routeId(rawId, 'payout') });
  }

  list(query: ListPayoutsQuery): Promise<Page<PayoutView>> {
    return this.forwarder.request(PAYOUT_PAYOUTS_LIST, { status: query.status, limit: query.limit, cursor: query.cursor });
  }

  private item(dto: CreatePayoutDto) {
    return {
      currency: dto.currency,
      amount: canonicalAmount(dto.amount),
      to: base58(dto.to),
      ...(dto.recipientId !== undefined ? { recipientId: dto.recipientId.toLowerCase() } : {}),
      ...(dto.reference !== undefined ? { reference: dto.reference } : {}),
    };
  }
}
