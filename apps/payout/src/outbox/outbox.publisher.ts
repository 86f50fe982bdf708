import { Inject, Injectable, Logger } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { OutboxRepository } from './outbox.repository';

/**
 * Publishes the outbox (`payout.status.v1` for the gateway's webhooks) after each commit that
 * wrote to it, and every relay interval for whatever a crash left behind.
 */
@Injectable()
export class OutboxPublisher {
  private readonly logger = new Logger('OutboxPublisher');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  published = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.publishPending(), this.settings.execution.relayIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Concurrent calls share a run; one asked for during a run gets another run after it. Never throws. */
  publishPending(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.outbox
      .drain(async (pattern, payload) => {
        await lastValueFrom(this.client.emit(pattern, payload), { defaultValue: undefined });
      })
      .then((n) => (this.published += n))
      .catch((e: Error) => {
        this.logger.warn(`publishing payout events failed (retried): ${e.message}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer) {
          this.again = false;
          void this.publishPending();
        }
      });
    return this.running;
  }
}
