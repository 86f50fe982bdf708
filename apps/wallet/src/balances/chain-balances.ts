import { Inject, Injectable } from '@nestjs/common';
import {
  AccountReply,
  TokenBalanceReply,
  TRON_CLIENT_ACCOUNT_GET,
  TRON_CLIENT_TOKEN_BALANCE_GET,
} from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';

export interface ChainBalance {
  /** SUN */
  trx: bigint;
  /** base units; null when no USDT contract is configured */
  usdt: bigint | null;
  energy: bigint;
  bandwidth: bigint;
}

/** Balances as tron-client reads them from the chain; the wallet never talks to a node itself. */
export abstract class ChainBalances {
  abstract of(address: string, usdtContract: string | null): Promise<ChainBalance>;
}

@Injectable()
export class TransportChainBalances extends ChainBalances {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  async of(address: string, usdtContract: string | null): Promise<ChainBalance> {
    const [account, token] = await Promise.all([
      this.client.request<AccountReply>(TRON_CLIENT_ACCOUNT_GET, { address }),
      usdtContract ? this.client.request<TokenBalanceReply>(TRON_CLIENT_TOKEN_BALANCE_GET, { address, contract: usdtContract }) : null,
    ]);
    return {
      trx: BigInt(account.balance),
      usdt: token ? BigInt(token.balance) : null,
      energy: BigInt(account.resources.energy.available),
      bandwidth: BigInt(account.resources.bandwidth.available),
    };
  }
}
