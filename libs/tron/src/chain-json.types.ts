/**
 * The java-tron HTTP API's JSON, as far as this project reads it. Proto3 defaults are omitted
 * by the node, hence the optional fields; addresses are hex (`41...`) unless `visible=true`.
 */
export interface ContractJson {
  type: string;
  parameter: { type_url?: string; value: Record<string, unknown> };
  Permission_id?: number;
}

export interface TransactionJson {
  txID: string;
  raw_data: {
    contract: ContractJson[];
    ref_block_bytes?: string;
    ref_block_hash?: string;
    expiration?: number;
    timestamp?: number;
    fee_limit?: number;
    data?: string;
  };
  raw_data_hex?: string;
  signature?: string[];
  /** java-tron echoes the request's `visible`: true means base58 addresses and plain-text asset names. */
  visible?: boolean;
  /** Present once the transaction is in a block. */
  ret?: Array<{ contractRet?: string; fee?: number }>;
}

export interface BlockJson {
  blockID?: string;
  block_header?: {
    raw_data: {
      number?: number;
      timestamp?: number;
      parentHash?: string;
      txTrieRoot?: string;
      witness_address?: string;
      version?: number;
    };
    witness_signature?: string;
  };
  transactions?: TransactionJson[];
}

export interface LogJson {
  /** Contract address, hex without the 41 prefix (as java-tron writes it). */
  address: string;
  topics?: string[];
  data?: string;
}

export interface TransactionInfoJson {
  id: string;
  fee?: number;
  blockNumber?: number;
  blockTimeStamp?: number;
  contractResult?: string[];
  contract_address?: string;
  receipt?: {
    energy_usage?: number;
    energy_fee?: number;
    origin_energy_usage?: number;
    energy_usage_total?: number;
    net_usage?: number;
    net_fee?: number;
    result?: string;
  };
  log?: LogJson[];
  /** `FAILED` when the contract did not succeed (omitted on success). */
  result?: string;
  resMessage?: string;
}
