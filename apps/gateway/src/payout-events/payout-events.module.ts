import { Module } from '@nestjs/common';

/** The payout service's status events into the webhook outbox (payout.* webhooks). */
@Module({})
export class PayoutEventsModule {}
