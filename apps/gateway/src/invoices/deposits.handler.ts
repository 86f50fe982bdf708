import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DEPOSIT_CONFIRMED, DEPOSIT_DETECTED, DEPOSIT_REVERTED, DepositEvent } from '@tronpay/models';
import { PaymentsService } from './payments.service';

/** The scanner's deposit events (validated by the transport's pipe) into invoice payments. */
@Controller()
export class DepositsHandler {
  constructor(private readonly payments: PaymentsService) {}

  @EventPattern(DEPOSIT_DETECTED)
  detected(@Payload() event: DepositEvent) {
    return this.payments.apply('detected', event);
  }

  @EventPattern(DEPOSIT_CONFIRMED)
  confirmed(@Payload() event: DepositEvent) {
    return this.payments.apply('confirmed', event);
  }

  @EventPattern(DEPOSIT_REVERTED)
  reverted(@Payload() event: DepositEvent) {
    return this.payments.apply('reverted', event);
  }
}
