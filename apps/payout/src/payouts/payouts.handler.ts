import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApprovePayoutRequest,
  BatchPayoutRequest,
  CancelPayoutRequest,
  CreatePayoutRequest,
  ListPayoutsRequest,
  PAYOUT_GET,
  PAYOUT_PAYOUTS_APPROVE,
  PAYOUT_PAYOUTS_BATCH,
  PAYOUT_PAYOUTS_CANCEL,
  PAYOUT_PAYOUTS_CREATE,
  PAYOUT_PAYOUTS_GET,
  PAYOUT_PAYOUTS_LIST,
  PayoutIdRequest,
} from '@tronpay/models';
import { ApprovalsService } from './approvals.service';
import { PayoutsService } from './payouts.service';

@Controller()
export class PayoutsHandler {
  constructor(
    private readonly payouts: PayoutsService,
    private readonly approvals: ApprovalsService,
  ) {}

  @MessagePattern(PAYOUT_PAYOUTS_CREATE)
  create(@Payload() request: CreatePayoutRequest) {
    return this.payouts.create(request);
  }

  @MessagePattern(PAYOUT_PAYOUTS_BATCH)
  batch(@Payload() request: BatchPayoutRequest) {
    return this.payouts.batch(request);
  }

  @MessagePattern(PAYOUT_PAYOUTS_GET)
  get(@Payload() request: PayoutIdRequest) {
    return this.payouts.get(request.id);
  }

  @MessagePattern(PAYOUT_PAYOUTS_LIST)
  list(@Payload() request: ListPayoutsRequest) {
    return this.payouts.list(request.status, request.limit, request.cursor);
  }

  @MessagePattern(PAYOUT_PAYOUTS_APPROVE)
  approve(@Payload() request: ApprovePayoutRequest) {
    return this.approvals.approve(request);
  }

  @MessagePattern(PAYOUT_PAYOUTS_CANCEL)
  cancel(@Payload() request: CancelPayoutRequest) {
    return this.approvals.cancel(request);
  }

  /** The wallet's look-up before it signs a payout's transaction. */
  @MessagePattern(PAYOUT_GET)
  forSigning(@Payload() request: PayoutIdRequest) {
    return this.payouts.forSigning(request.id);
  }
}
