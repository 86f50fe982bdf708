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
  /** `address` (20 bytes hex): the emitting contract when it is not the called one (a token called by a multisender). */
  logs: Array<{ address?: string; topics: string[]; data: string }>;
  /** Applies the state changes of a successful call; absent for reads and failures. */
  commit?: () => void;
}
