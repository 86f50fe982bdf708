import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TX_CONFIRMED, TX_EXPIRED, TX_FAILED, TxEvent } from '@tronpay/models';
import { TxEventsService } from './tx-events.service';

/** tron-client's `tx.*` events (validated by the transport's pipe) into the payouts they end. */
@Controller()
export class TxEventsHandler {
  constructor(private readonly events: TxEventsService) {}

  @EventPattern(TX_CONFIRMED)
  confirmed(@Payload() event: TxEvent) {
    return this.events.apply(event);
  }

  @EventPattern(TX_FAILED)
  failed(@Payload() event: TxEvent) {
    return this.events.apply(event);
  }

  @EventPattern(TX_EXPIRED)
  expired(@Payload() event: TxEvent) {
    return this.events.apply(event);
  }
}
