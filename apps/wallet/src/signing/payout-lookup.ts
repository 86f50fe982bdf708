import { Inject, Injectable } from '@nestjs/common';
import { PAYOUT_GET, PayoutForSigning } from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import { normalizeAddress } from '@tronpay/tron';
import type { RedisStreamsClient } from '@tronpay/transport';
import type { PayoutFacts } from './signing-policy';

/** Asks the payout service what a payout is; the signer never trusts the caller's word for it. */
export abstract class PayoutLookup {
  abstract find(payoutId: string): Promise<PayoutFacts | null>;
}

@Injectable()
export class TransportPayoutLookup extends PayoutLookup {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  async find(payoutId: string): Promise<PayoutFacts | null> {
    try {
      const p = await this.client.request<PayoutForSigning>(PAYOUT_GET, { id: payoutId }, { timeoutMs: 5000 });
      const to = normalizeAddress(p.to);
      if (!to || !/^\d{1,78}$/.test(p.amount)) return null;
      return { to, amount: BigInt(p.amount), currency: p.currency };
    } catch {
      return null;
    }
  }
}
