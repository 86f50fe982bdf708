import { Inject, Injectable } from '@nestjs/common';
import {
  ChainParametersReply,
  HeadBlockReply,
  SignReply,
  StakeReply,
  TRON_CLIENT_CHAIN_PARAMETERS_GET,
  TRON_CLIENT_HEAD_BLOCK_GET,
  TRON_CLIENT_STAKE_GET,
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

export interface SignedTx {
  txID: string;
  raw_data_hex: string;
  signature: string[];
}

/** What staking asks of tron-client: chain state read fresh, the head block, broadcasts and their outcome. */
export abstract class StakingChain {
  abstract headBlock(): Promise<HeadBlockReply>;
  abstract stake(address: string, delegations?: boolean): Promise<StakeReply>;
  abstract chainParameters(): Promise<ChainParametersReply>;
  abstract broadcast(transaction: SignedTx, reference: string): Promise<TxBroadcastReply>;
  abstract tx(txId: string): Promise<TxView>;
}

@Injectable()
export class TransportStakingChain extends StakingChain {
  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  headBlock() {
    return this.client.request<HeadBlockReply>(TRON_CLIENT_HEAD_BLOCK_GET, {});
  }
  stake(address: string, delegations = true) {
    return this.client.request<StakeReply>(TRON_CLIENT_STAKE_GET, { address, delegations });
  }
  chainParameters() {
    return this.client.request<ChainParametersReply>(TRON_CLIENT_CHAIN_PARAMETERS_GET, {});
  }
  broadcast(transaction: SignedTx, reference: string) {
    return this.client.request<TxBroadcastReply>(TRON_CLIENT_TX_BROADCAST, { transaction, reference, requestedBy: 'staking' });
  }
  tx(txId: string) {
    return this.client.request<TxView>(TRON_CLIENT_TX_GET, { txId });
  }
}

export type StakingSignPurpose = 'stake' | 'delegate' | 'vote' | 'fee';

/** The wallet service: who a wallet is, and signatures under its policy (staking never holds a key). */
export abstract class StakingWallets {
  abstract get(walletId: string): Promise<WalletView>;
  abstract sign(input: { walletId: string; transaction: { txID: string; raw_data_hex: string }; purpose: StakingSignPurpose; reference: string }): Promise<SignReply>;
}

@Injectable()
export class TransportStakingWallets extends StakingWallets {
  private readonly cache = new Map<string, { wallet: WalletView; at: number }>();

  constructor(@Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient) {
    super();
  }

  /** Wallets do not change address: a minute's cache spares the wallet service a call per operation. */
  async get(walletId: string) {
    const hit = this.cache.get(walletId);
    if (hit && Date.now() - hit.at < 60_000) return hit.wallet;
    const wallet = await this.client.request<WalletView>(WALLET_WALLETS_GET, { id: walletId });
    this.cache.set(walletId, { wallet, at: Date.now() });
    return wallet;
  }
  sign(input: Parameters<StakingWallets['sign']>[0]) {
    return this.client.request<SignReply>(WALLET_SIGN, {
      signer: { walletId: input.walletId },
      transaction: input.transaction,
      purpose: input.purpose,
      reference: input.reference,
      requestedBy: 'staking',
    });
  }
}
