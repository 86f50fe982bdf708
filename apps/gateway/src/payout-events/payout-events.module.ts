import { Module } from '@nestjs/common';
import { PayoutEventsHandler } from './payout-events.handler';
import { PayoutEventsService } from './payout-events.service';

/** The payout service's status events into the webhook outbox (payout.* webhooks). */
@Module({
  controllers: [PayoutEventsHandler],
  providers: [PayoutEventsService],
})
export class PayoutEventsModule {}
