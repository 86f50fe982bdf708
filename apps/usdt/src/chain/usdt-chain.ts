import { Inject, Injectable } from '@nestjs/common';
import {
  AccountReply,
  ChainParametersReply,
  ContractCallReply,
  HeadBlockReply,
  SignReply,
  StakeReply,
  TokenAddReply,
  TokenBalanceReply,
  TokenListReply,
  TRON_CLIENT_ACCOUNT_GET,
  TRON_CLIENT_CHAIN_PARAMETERS_GET,
  TRON_CLIENT_CONTRACT_CALL,
  TRON_CLIENT_HEAD_BLOCK_GET,
  TRON_CLIENT_STAKE_GET,
  TRON_CLIENT_TOKEN_BALANCE_GET,
  TRON_CLIENT_TOKENS_ADD,
  TRON_CLIENT_TOKENS_LIST,
  TRON_CLIENT_TX_BROADCAST,
  TRON_CLIENT_TX_GET,
  TxBroadcastReply,
  TxView,
  WALLET_SIGN,
  WALLET_WALLETS_GET,
  WalletView,
} from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import { RedisStreamsClient } from '@tronpay/transport';

export interface ConstantCall {
  contract: string;
  selector?: string;
  parameter?: string;
  data?: string;
  owner?: string;
  estimate?: boolean;
}

export interface SignedTx {
  txID: string;
  raw_data_hex: string;
  signature: string[];
}

/** What the usdt service asks of tron-client: every byte to and from the nodes goes through it. */
export abstract class UsdtChain {
  abstract headBlock(): Promise<HeadBlockReply>;
  abstract account(address: string, view?: 'head' | 'solid'): Promise<AccountReply>;
  /** Fresh (uncached) resources and balance of an account, read right before a transfer is signed. */
  abstract resources(address: string): Promise<StakeReply>;
  abstract tokenBalance(address: string, contract: string, view?: 'head' | 'solid'): Promise<TokenBalanceReply>;
  abstract call(call: ConstantCall): Promise<ContractCallReply>;
  abstract chainParameters(): Promise<ChainParametersReply>;
  abstract broadcast(transaction: SignedTx, reference: string): Promise<TxBroadcastReply>;
  abstract tx(txId: string): Promise<TxView>;
  abstract addToken(token: { contract: string; symbol: string; decimals: number }): Promise<TokenAddReply>;
  abstract listTokens(): Promise<TokenListReply>;
}

@Injectable()
export class TransportUsdtChain extends UsdtChain {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  headBlock() {
    return this.client.request<HeadBlockReply>(TRON_CLIENT_HEAD_BLOCK_GET, {});
  }
  account(address: string, view: 'head' | 'solid' = 'head') {
    return this.client.request<AccountReply>(TRON_CLIENT_ACCOUNT_GET, { address, view });
  }
  resources(address: string) {
    return this.client.request<StakeReply>(TRON_CLIENT_STAKE_GET, { address, delegations: false });
  }
  tokenBalance(address: string, contract: string, view: 'head' | 'solid' = 'head') {
    return this.client.request<TokenBalanceReply>(TRON_CLIENT_TOKEN_BALANCE_GET, { address, contract, view });
  }
  call(call: ConstantCall) {
    return this.client.request<ContractCallReply>(TRON_CLIENT_CONTRACT_CALL, call);
  }
  chainParameters() {
    return this.client.request<ChainParametersReply>(TRON_CLIENT_CHAIN_PARAMETERS_GET, {});
  }
  broadcast(transaction: SignedTx, reference: string) {
    return this.client.request<TxBroadcastReply>(TRON_CLIENT_TX_BROADCAST, { transaction, reference, requestedBy: 'usdt' });
  }
  tx(txId: string) {
    return this.client.request<TxView>(TRON_CLIENT_TX_GET, { txId });
  }
  addToken(token: { contract: string; symbol: string; decimals: number }) {
    return this.client.request<TokenAddReply>(TRON_CLIENT_TOKENS_ADD, token);
  }
  listTokens() {
    return this.client.request<TokenListReply>(TRON_CLIENT_TOKENS_LIST, {});
  }
}

export interface SignerRefInput {
  walletId?: string;
  depositAddress?: string;
}

/** The wallet service: who a wallet is, and signatures under its policy. */
export abstract class UsdtWallets {
  abstract get(walletId: string): Promise<WalletView>;
  abstract sign(input: { signer: SignerRefInput; transaction: { txID: string; raw_data_hex: string }; purpose: 'sweep' | 'payout'; reference: string; requestedBy: string }): Promise<SignReply>;
}

@Injectable()
export class TransportUsdtWallets extends UsdtWallets {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  get(walletId: string) {
    return this.client.request<WalletView>(WALLET_WALLETS_GET, { id: walletId });
  }
  sign(input: Parameters<UsdtWallets['sign']>[0]) {
    return this.client.request<SignReply>(WALLET_SIGN, input);
  }
}
