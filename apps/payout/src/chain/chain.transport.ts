import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@tronpay/config';
import {
  ContractCheckReply,
  EnergyEstimateReply,
  ReferenceBlockReply,
  SolidBalanceReply,
  TokenListReply,
  TRON_CLIENT_BALANCE_SOLID,
  TRON_CLIENT_BLOCK_REFERENCE,
  TRON_CLIENT_CONTRACT_CHECK,
  TRON_CLIENT_ENERGY_ESTIMATE,
  TRON_CLIENT_TOKENS_LIST,
  TRON_CLIENT_TX_BROADCAST,
  TRON_CLIENT_TX_CHAIN_STATUS,
  TRON_CLIENT_TX_GET,
  TRON_CLIENT_TX_SENT_BY,
  TRON_CLIENT_WATCH_LOOKUP,
  TxBroadcastReply,
  TxChainStatusReply,
  TxSentByReply,
  TxView,
  WatchLookupReply,
} from '@tronpay/models';
import { APP_CONFIG, TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';
import { Chain, EnergyEstimate, ReferenceBlock, SignedTx, SolidBalance, TxChainStatus } from './chain.port';
import { ask, DependencyError } from './dependency.errors';
import { Recent } from './recent';

const LOOKUP_BATCH = 1000;
/**
 * A solidified block stays a valid TaPoS reference for 65,536 blocks, and the expiration is
 * counted from now, not from it: a reference a few seconds old is as good as a new one.
 */
const REFERENCE_TTL_MS = 3_000;
/**
 * A balance read at solidified block S stays a true statement about S: reservations are weighed
 * against it with every payout not settled at or below S still counted, so an older snapshot is
 * only more cautious (later deposits unseen, later settlements still reserved), never wrong.
 */
const BALANCE_TTL_MS = 1_000;

/** tron-client over the transport. */
@Injectable()
export class TransportChain extends Chain {
  private usdt: string | null;
  private readonly references = new Recent<ReferenceBlock>(REFERENCE_TTL_MS);
  private readonly balances = new Recent<SolidBalance>(BALANCE_TTL_MS);

  constructor(
    @Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.usdt = config.network.usdtContract;
  }

  private call<T>(pattern: string, payload: object): Promise<T> {
    return ask('tron-client', () => this.client.request<T>(pattern, payload));
  }

  referenceBlock(): Promise<ReferenceBlock> {
    return this.references.get('solid', () => this.call<ReferenceBlockReply>(TRON_CLIENT_BLOCK_REFERENCE, {}));
  }

  solidBalance(address: string, contract?: string): Promise<SolidBalance> {
    return this.balances.get(`${address}:${contract ?? 'TRX'}`, async () => {
      const r = await this.call<SolidBalanceReply>(TRON_CLIENT_BALANCE_SOLID, contract ? { address, contract } : { address });
      return { solidBlock: r.solidBlock, trx: BigInt(r.trx), token: r.token === null ? null : BigInt(r.token) };
    });
  }

  async isContract(address: string): Promise<boolean> {
    return (await this.call<ContractCheckReply>(TRON_CLIENT_CONTRACT_CHECK, { address })).isContract;
  }

  async estimateEnergy(owner: string, contract: string, data: string): Promise<EnergyEstimate> {
    const r = await this.call<EnergyEstimateReply>(TRON_CLIENT_ENERGY_ESTIMATE, { owner, contract, data });
    return {
      ok: r.ok,
      message: r.message,
      energyUsed: BigInt(r.energyUsed),
      energyPriceSun: BigInt(r.energyPriceSun),
      bandwidthPriceSun: BigInt(r.bandwidthPriceSun),
      energyAvailable: BigInt(r.energyAvailable),
      bandwidthAvailable: BigInt(r.bandwidthAvailable),
    };
  }

  async watched(addresses: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const unique = [...new Set(addresses)];
    for (let i = 0; i < unique.length; i += LOOKUP_BATCH) {
      const r = await this.call<WatchLookupReply>(TRON_CLIENT_WATCH_LOOKUP, { addresses: unique.slice(i, i + LOOKUP_BATCH) });
      for (const w of r.watched) out.add(w.address);
    }
    return out;
  }

  async txChainStatus(txId: string): Promise<TxChainStatus> {
    const r = await this.call<TxChainStatusReply>(TRON_CLIENT_TX_CHAIN_STATUS, { txId });
    return { solidHead: r.solidHead, solidBlock: r.solidBlock, result: r.result, reason: r.reason, fee: r.fee === null ? null : BigInt(r.fee), knownToHead: r.knownToHead };
  }

  broadcast(tx: SignedTx, reference: string): Promise<TxBroadcastReply> {
    return this.call<TxBroadcastReply>(TRON_CLIENT_TX_BROADCAST, {
      transaction: { txID: tx.txId, raw_data_hex: tx.rawDataHex, signature: tx.signatures },
      reference,
      requestedBy: 'payout',
    });
  }

  async txRecord(txId: string): Promise<TxView | null> {
    try {
      return await this.call<TxView>(TRON_CLIENT_TX_GET, { txId });
    } catch (e) {
      if (e instanceof DependencyError && e.code === 'tx_not_found') return null;
      throw e;
    }
  }

  sentBy(owners: string[], fromBlock: number, toBlock: number): Promise<TxSentByReply> {
    return this.call<TxSentByReply>(TRON_CLIENT_TX_SENT_BY, { owners, fromBlock, toBlock });
  }

  async usdtContract(): Promise<string> {
    if (this.usdt) return this.usdt;
    // The devnet deploys its own USDT: tron-client's registry names it.
    const reply = await this.call<TokenListReply>(TRON_CLIENT_TOKENS_LIST, {});
    const canonical = reply.tokens.find((t) => t.canonical);
    if (!canonical) throw new DependencyError('tron-client', 'usdt_unknown', 'tron-client does not know the USDT contract of this network yet');
    this.usdt = canonical.contract;
    return this.usdt;
  }
}
