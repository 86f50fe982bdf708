import type { RawDataJson } from '@tronpay/tron';

export type ContractRet = 'SUCCESS' | 'REVERT' | 'OUT_OF_ENERGY';

export interface TxLog {
  /** Contract address without the 0x41 prefix (20 bytes hex), as java-tron prints it. */
  address: string;
  topics: string[];
  data: string;
}

export interface Receipt {
  energy_usage?: number;
  energy_fee?: number;
  origin_energy_usage?: number;
  energy_usage_total?: number;
  net_usage?: number;
  net_fee?: number;
  result?: ContractRet;
  energy_penalty_total?: number;
}

/** What executing a transaction produced, before it has a block. */
export interface ExecutionResult {
  contractRet: ContractRet;
  fee: bigint;
  receipt: Receipt;
  contractResult?: string;
  contractAddress?: string;
  logs?: TxLog[];
  resMessage?: string;
  extra?: Record<string, unknown>;
}

export interface StoredTransaction {
  txID: string;
  rawData: RawDataJson;
  rawDataHex: string;
  signatures: string[];
  result: ExecutionResult;
  blockNumber?: number;
  blockTimeStamp?: number;
  /** Replay mode: the recorded transaction and info, served verbatim. */
  recorded?: { tx: Record<string, unknown>; info?: Record<string, unknown> };
}

export interface Block {
  number: number;
  timestamp: number;
  parentHash: string;
  txTrieRoot: string;
  witnessAddress: string;
  witnessSignature: string;
  blockID: string;
  transactions: StoredTransaction[];
  /** Replay mode: the block and its transaction infos exactly as recorded, served verbatim. */
  recorded?: { block: Record<string, unknown>; infos: Array<Record<string, unknown>> };
}
