import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DEPOSIT_CONFIRMED, DepositEvent } from '@tronpay/models';
import { SweepDeposits } from './sweep-deposits.service';

/** The scanner's confirmations, beside the invoices' handler of the same event (Nest runs both). */
@Controller()
export class SweepDepositsHandler {
  constructor(private readonly deposits: SweepDeposits) {}

  @EventPattern(DEPOSIT_CONFIRMED)
  confirmed(@Payload() event: DepositEvent) {
    return this.deposits.record(event);
  }
}
