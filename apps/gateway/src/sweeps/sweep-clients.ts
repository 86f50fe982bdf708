import { Inject, Injectable } from '@nestjs/common';
import {
  AccountReply,
  ChainParametersReply,
  EnergyLeaseView,
  STAKING_ENERGY_ACQUIRE,
  STAKING_ENERGY_RELEASE,
  TokenBalanceReply,
  TRON_CLIENT_ACCOUNT_GET,
  TRON_CLIENT_CHAIN_PARAMETERS_GET,
  TRON_CLIENT_TOKEN_BALANCE_GET,
  USDT_TRANSFERS_ESTIMATE,
  USDT_TRANSFERS_SEND,
  USDT_UNKNOWN_TOKENS_LIST,
  UsdtTransferEstimate,
  UsdtTransferView,
  UsdtUnknownTokensPage,
  WALLET_WALLETS_GET,
  WalletView,
} from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import { RedisStreamsClient } from '@tronpay/transport';

/**
 * What a sweep asks of the other services: balances (tron-client), the energy lease (staking),
 * estimates and transfers (usdt, which signs through the wallet and broadcasts through
 * tron-client), the hot wallet's address (wallet). The gateway itself signs nothing and reaches no node.
 */
export abstract class SweepServices {
  abstract account(address: string, view?: 'head' | 'solid'): Promise<AccountReply>;
  abstract tokenBalance(address: string, contract: string, view?: 'head' | 'solid'): Promise<TokenBalanceReply>;
  abstract chainParameters(): Promise<ChainParametersReply>;
  abstract wallet(id: string): Promise<WalletView>;
  abstract estimate(input: { from: string; to: string; amount: string; contract: string }): Promise<UsdtTransferEstimate>;
  abstract send(input: { key: string; token: string; from: string; to: string; amount: string; reference: string; assumeNewHolder: boolean }): Promise<UsdtTransferView>;
  abstract acquire(input: { key: string; address: string; energy: number; bandwidth: number }): Promise<EnergyLeaseView>;
  abstract release(key: string): Promise<EnergyLeaseView>;
  abstract unknownTokens(query: { limit?: number; cursor?: string; address?: string }): Promise<UsdtUnknownTokensPage>;
}

@Injectable()
export class TransportSweepServices extends SweepServices {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  account(address: string, view: 'head' | 'solid' = 'head') {
    return this.client.request<AccountReply>(TRON_CLIENT_ACCOUNT_GET, { address, view });
  }
  tokenBalance(address: string, contract: string, view: 'head' | 'solid' = 'head') {
    return this.client.request<TokenBalanceReply>(TRON_CLIENT_TOKEN_BALANCE_GET, { address, contract, view });
  }
  chainParameters() {
    return this.client.request<ChainParametersReply>(TRON_CLIENT_CHAIN_PARAMETERS_GET, {});
  }
  wallet(id: string) {
    return this.client.request<WalletView>(WALLET_WALLETS_GET, { id });
  }
  estimate(input: { from: string; to: string; amount: string; contract: string }) {
    return this.client.request<UsdtTransferEstimate>(USDT_TRANSFERS_ESTIMATE, input);
  }
  send(input: { key: string; token: string; from: string; to: string; amount: string; reference: string; assumeNewHolder: boolean }) {
    return this.client.request<UsdtTransferView>(USDT_TRANSFERS_SEND, {
      key: input.key,
      token: input.token,
      signer: { depositAddress: input.from },
      to: input.to,
      amount: input.amount,
      purpose: 'sweep',
      reference: input.reference,
      assumeNewHolder: input.assumeNewHolder,
      requestedBy: 'gateway',
    });
  }
  acquire(input: { key: string; address: string; energy: number; bandwidth: number }) {
    return this.client.request<EnergyLeaseView>(STAKING_ENERGY_ACQUIRE, {
      key: input.key,
      address: input.address,
      energy: String(input.energy),
      bandwidth: String(input.bandwidth),
      topUp: true,
      purpose: 'sweep',
      requestedBy: 'gateway',
    });
  }
  release(key: string) {
    return this.client.request<EnergyLeaseView>(STAKING_ENERGY_RELEASE, { key, requestedBy: 'gateway' });
  }
  unknownTokens(query: { limit?: number; cursor?: string; address?: string }) {
    return this.client.request<UsdtUnknownTokensPage>(USDT_UNKNOWN_TOKENS_LIST, query);
  }
}
