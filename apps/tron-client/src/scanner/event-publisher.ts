import { lastValueFrom } from 'rxjs';
import type { RedisStreamsClient } from '@tronpay/transport';
import type { EventPublisher } from './scanner.tokens';

/** Events go out on the project's transport (one consumer group per subscribing service). */
export class TransportEventPublisher implements EventPublisher {
  constructor(private readonly client: RedisStreamsClient) {}

  async publish(pattern: string, payload: object): Promise<void> {
    await lastValueFrom(this.client.emit(pattern, payload), { defaultValue: undefined });
  }
}
