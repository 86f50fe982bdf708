import type { TxSentByReply, TxView } from '@tronpay/models';

export interface ReferenceBlock {
  number: number;
  id: string;
  timestamp: number;
}

export interface SolidBalance {
  solidBlock: number;
  /** SUN */
  trx: bigint;
  /** Token base units; null when not asked for. */
  token: bigint | null;
}

export interface EnergyEstimate {
  ok: boolean;
  message: string | null;
  energyUsed: bigint;
  energyPriceSun: bigint;
  bandwidthPriceSun: bigint;
  energyAvailable: bigint;
  bandwidthAvailable: bigint;
}

export interface TxChainStatus {
  solidHead: { number: number; timestamp: number };
  solidBlock: number | null;
  result: string | null;
  reason: string | null;
  fee: bigint | null;
  knownToHead: boolean;
}

export interface SignedTx {
  txId: string;
  rawDataHex: string;
  signatures: string[];
}

/** tron-client, as the payout service uses it; swapped in specs. Errors: `ChainUnavailableError` when it cannot be asked. */
export abstract class Chain {
  abstract referenceBlock(): Promise<ReferenceBlock>;
  abstract solidBalance(address: string, contract?: string): Promise<SolidBalance>;
  abstract isContract(address: string): Promise<boolean>;
  abstract estimateEnergy(owner: string, contract: string, data: string): Promise<EnergyEstimate>;
  /** Which of these addresses are ours (deposit addresses, wallets). */
  abstract watched(addresses: string[]): Promise<Set<string>>;
  abstract txChainStatus(txId: string): Promise<TxChainStatus>;
  /** Stores and sends the signed bytes (idempotent by txid); the broadcaster's record of it. */
  abstract broadcast(tx: SignedTx, reference: string): Promise<TxView>;
  /** The broadcaster's record; null when it never got this transaction. */
  abstract txRecord(txId: string): Promise<TxView | null>;
  /** The network's canonical USDT contract (base58). */
  abstract usdtContract(): Promise<string>;
  /**
   * What `owners` sent in the solidified blocks `fromBlock`..`toBlock` (at most 100, never past the
   * solidified head: the reply says which were read). No owners: only `toBlock`'s timestamp.
   */
  abstract sentBy(owners: string[], fromBlock: number, toBlock: number): Promise<TxSentByReply>;
}
