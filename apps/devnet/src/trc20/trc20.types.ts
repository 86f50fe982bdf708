export interface TokenMeta {
  address: string;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: bigint;
  owner: string;
  createTime: number;
}

export interface CallResult {
  success: boolean;
  /** ABI-encoded return data, hex. */
  returnHex: string;
  energy: number;
  /** Part of `energy` that is mainnet's dynamic-energy penalty. */
  penalty: number;
  logs: Array<{ topics: string[]; data: string }>;
  /** Applies the state changes of a successful call; absent for reads and failures. */
  commit?: () => void;
}
