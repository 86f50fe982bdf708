import { Injectable } from '@nestjs/common';

/**
 * After a transaction that queued payouts or wrote events committed: the queue adds their jobs and
 * the publisher drains the outbox now instead of at their next round. Only hints: the relay and
 * the publisher's own interval find the work anyway.
 */
@Injectable()
export class PayoutSignals {
  private readonly enqueueListeners: Array<(ids: string[]) => void> = [];
  private readonly outboxListeners: Array<() => void> = [];

  onEnqueue(listener: (ids: string[]) => void): void {
    this.enqueueListeners.push(listener);
  }

  onOutbox(listener: () => void): void {
    this.outboxListeners.push(listener);
  }

  enqueue(ids: string[]): void {
    if (ids.length) for (const l of this.enqueueListeners) l(ids);
  }

  outbox(): void {
    for (const l of this.outboxListeners) l();
  }
}
