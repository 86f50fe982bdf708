import { Injectable } from '@nestjs/common';

/**
 * Tells the webhook dispatcher that a transaction which recorded events has committed, so it
 * delivers now instead of at its next relay round. Only a hint: the relay finds them anyway.
 */
@Injectable()
export class EventCommits {
  private readonly listeners: Array<() => void> = [];

  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  committed(): void {
    for (const listener of this.listeners) listener();
  }
}
