import { Inject, Injectable } from '@nestjs/common';
import { TRON_CLIENT_WATCH_ADD, WatchAddReply } from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';

/** Registers addresses with tron-client's watched set; injected so tests can swap it. */
export abstract class AddressWatcher {
  abstract watch(addresses: string[], kind: 'deposit' | 'wallet', label?: string): Promise<void>;
}

@Injectable()
export class TransportAddressWatcher extends AddressWatcher {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  async watch(addresses: string[], kind: 'deposit' | 'wallet', label?: string): Promise<void> {
    await this.client.request<WatchAddReply>(TRON_CLIENT_WATCH_ADD, { addresses, kind, ...(label ? { label } : {}) });
  }
}
