import { Inject, Injectable } from '@nestjs/common';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import { RedisStreamsClient, serviceOfPattern } from '@tronpay/transport';
import { IdempotencyService, IdempotentRequest, Outcome } from '../idempotency/idempotency.service';
import { fromTransportError } from './transport-errors';

export type Created<T> = Outcome<T> & { replayed: boolean };

/** Sends forwarded commands to their owning services and turns their errors into the public ones. */
@Injectable()
export class Forwarder {
  constructor(
    @Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient,
    private readonly idempotency: IdempotencyService,
  ) {}

  async request<T>(pattern: string, payload: object, options: { timeoutMs?: number } = {}): Promise<T> {
    try {
      return await this.client.request<T>(pattern, payload, options);
    } catch (e) {
      throw fromTransportError(e, serviceOfPattern(pattern));
    }
  }

  /**
   * A creating command under the request's Idempotency-Key: a replay answers the stored first
   * response without forwarding. The owning service gets `<key id>:<key>` as `idempotencyKey`
   * (unless its contract has none), so a retry after a lost reply is one effect there too.
   */
  create<T>(request: IdempotentRequest, pattern: string, payload: object, options: { passKey?: boolean } = {}): Promise<Created<T>> {
    const keyed =
      request.key !== undefined && options.passKey !== false ? { ...payload, idempotencyKey: `${request.principal.keyId}:${request.key}` } : payload;
    return this.idempotency.run(request, async () => ({ status: 201, body: await this.request<T>(pattern, keyed) }));
  }
}
