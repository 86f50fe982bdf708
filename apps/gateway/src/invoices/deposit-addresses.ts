import { Inject, Injectable } from '@nestjs/common';
import { NextDepositAddressReply, WALLET_DEPOSIT_ADDRESS_NEXT } from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import { RedisStreamsClient, TransportRpcError } from '@tronpay/transport';
import { GatewayError } from '../http/gateway.errors';

/** Where invoices get their addresses: a fresh HD address each, watched by tron-client before it is handed out. */
export abstract class DepositAddresses {
  abstract next(reference: string): Promise<NextDepositAddressReply>;
}

@Injectable()
export class WalletDepositAddresses extends DepositAddresses {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  async next(reference: string): Promise<NextDepositAddressReply> {
    try {
      return await this.client.request<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, { reference });
    } catch (e) {
      const code = e instanceof TransportRpcError ? e.code : 'unreachable';
      throw GatewayError.unavailable('wallet_unavailable', `No deposit address could be issued now (${code}); retry shortly`);
    }
  }
}
