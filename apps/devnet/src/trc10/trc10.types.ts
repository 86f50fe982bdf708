/** A TRC10 asset as java-tron's AssetIssueStoreV2 keeps it (allowSameTokenName = 1: keyed by numeric id). */
export interface Trc10Asset {
  /** The numeric token id as a decimal string (`1000001`, ...). */
  id: string;
  owner: string;
  /** UTF-8 texts (the wire carries their bytes). */
  name: string;
  abbr: string;
  description: string;
  url: string;
  totalSupply: bigint;
  precision: number;
  trxNum: number;
  num: number;
  startTime: number;
  endTime: number;
  freeAssetNetLimit: number;
  publicFreeAssetNetLimit: number;
}
