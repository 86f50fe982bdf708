import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import { TRON_CLIENT_TOKENS_LIST, TokenListReply } from '@tronpay/models';
import { APP_CONFIG, TRANSPORT_CLIENT } from '@tronpay/runtime';
import { RedisStreamsClient } from '@tronpay/transport';
import { GatewayError } from '../http/gateway.errors';

/**
 * The canonical USDT contract of the network: only its Transfer logs pay a USDT invoice. From
 * the configuration, else (the devnet deploys its own) asked once of tron-client's token registry.
 */
@Injectable()
export class UsdtContract {
  private known: string | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient,
  ) {
    this.known = config.network.usdtContract;
  }

  /** The contract if it is known already (event handlers must not wait on the transport). */
  peek(): string | null {
    return this.known;
  }

  async get(): Promise<string> {
    if (this.known) return this.known;
    try {
      const reply = await this.client.request<TokenListReply>(TRON_CLIENT_TOKENS_LIST, {});
      const usdt = reply.tokens.find((t) => t.canonical);
      if (usdt) this.known = usdt.contract;
    } catch {
      // answered below
    }
    if (!this.known) throw GatewayError.unavailable('usdt_unknown', 'The USDT contract of this network is not known yet; retry shortly');
    return this.known;
  }
}
