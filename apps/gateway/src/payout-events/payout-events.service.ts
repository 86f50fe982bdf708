import { Inject, Injectable } from '@nestjs/common';
import type { PayoutStatusEvent } from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { EventCommits } from '../events/event-commits';
import { EventsService } from '../events/events.service';
import { GatewayDb, gatewayDb } from '../gateway.database';

/**
 * Each payout event becomes a webhook event (the outbox) under the payout service's own event id,
 * so a re-delivered message is stored once and delivered once per endpoint.
 */
@Injectable()
export class PayoutEventsService {
  private readonly db: GatewayDb;
  recorded = 0;

  constructor(
    @Inject(Database) database: Database,
    private readonly events: EventsService,
    private readonly commits: EventCommits,
  ) {
    this.db = gatewayDb(database);
  }

  async record(event: PayoutStatusEvent): Promise<void> {
    const { created } = await this.db.transaction().execute((tx) => this.events.record(tx, event.type, { payout: event.payout }, event.eventId));
    if (!created) return;
    this.recorded += 1;
    this.commits.committed();
  }
}
