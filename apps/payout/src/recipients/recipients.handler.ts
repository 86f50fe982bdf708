import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateRecipientRequest,
  PAYOUT_RECIPIENTS_CREATE,
  PAYOUT_RECIPIENTS_GET,
  PAYOUT_RECIPIENTS_UPDATE,
  RecipientIdRequest,
  UpdateRecipientRequest,
} from '@tronpay/models';
import { RecipientsService } from './recipients.service';

@Controller()
export class RecipientsHandler {
  constructor(private readonly recipients: RecipientsService) {}

  @MessagePattern(PAYOUT_RECIPIENTS_CREATE)
  create(@Payload() request: CreateRecipientRequest) {
    return this.recipients.create(request);
  }

  @MessagePattern(PAYOUT_RECIPIENTS_UPDATE)
  update(@Payload() request: UpdateRecipientRequest) {
    return this.recipients.update(request);
  }

  @MessagePattern(PAYOUT_RECIPIENTS_GET)
  get(@Payload() request: RecipientIdRequest) {
    return this.recipients.get(request.id);
  }
}
