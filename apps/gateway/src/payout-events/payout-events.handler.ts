import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PAYOUT_STATUS_EVENT, PayoutStatusEvent } from '@tronpay/models';
import { PayoutEventsService } from './payout-events.service';

/** The payout service's `payout.status.v1` events (validated by the transport's pipe) into webhooks. */
@Controller()
export class PayoutEventsHandler {
  constructor(private readonly events: PayoutEventsService) {}

  @EventPattern(PAYOUT_STATUS_EVENT)
  status(@Payload() event: PayoutStatusEvent) {
    return this.events.record(event);
  }
}
