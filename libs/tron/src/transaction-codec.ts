import { utils } from 'tronweb';
import { sha256Hex } from './hash';
import { fromHex, toHex } from './hex';
import { lengthDelimited } from './protobuf-writer';

/** A contract's parameter value in java-tron's JSON spelling (snake_case, hex bytes). */
export type ContractValue = Record<string, unknown>;

export interface RawDataJson {
  contract: Array<{
    parameter: { value: ContractValue; type_url: string };
    type: string;
    Permission_id?: number;
  }>;
  ref_block_bytes: string;
  ref_block_hash: string;
  expiration?: number;
  timestamp?: number;
  fee_limit?: number;
  data?: string;
}

export interface EncodedRawData {
  rawDataHex: string;
  txID: string;
}

/** Contract type numbers of protocol.Transaction.Contract.ContractType that the SDK can decode. */
export const CONTRACT_TYPES: Readonly<Record<number, string>> = {
  0: 'AccountCreateContract',
  1: 'TransferContract',
  2: 'TransferAssetContract',
  4: 'VoteWitnessContract',
  5: 'WitnessCreateContract',
  6: 'AssetIssueContract',
  8: 'WitnessUpdateContract',
  9: 'ParticipateAssetIssueContract',
  10: 'AccountUpdateContract',
  11: 'FreezeBalanceContract',
  12: 'UnfreezeBalanceContract',
  13: 'WithdrawBalanceContract',
  15: 'UpdateAssetContract',
  16: 'ProposalCreateContract',
  17: 'ProposalApproveContract',
  18: 'ProposalDeleteContract',
  19: 'SetAccountIdContract',
  30: 'CreateSmartContract',
  31: 'TriggerSmartContract',
  33: 'UpdateSettingContract',
  41: 'ExchangeCreateContract',
  42: 'ExchangeInjectContract',
  43: 'ExchangeWithdrawContract',
  44: 'ExchangeTransactionContract',
  45: 'UpdateEnergyLimitContract',
  46: 'AccountPermissionUpdateContract',
  48: 'ClearABIContract',
  49: 'UpdateBrokerageContract',
  54: 'FreezeBalanceV2Contract',
  55: 'UnfreezeBalanceV2Contract',
  56: 'WithdrawExpireUnfreezeContract',
  57: 'DelegateResourceContract',
  58: 'UnDelegateResourceContract',
  59: 'CancelAllUnfreezeV2Contract',
};

interface PbBytesField {
  getContractList(): Array<{
    getType(): number;
    getPermissionId(): number;
    getParameter(): { getTypeUrl(): string } | undefined;
  }>;
  getRefBlockBytes_asU8(): Uint8Array;
  getRefBlockHash_asU8(): Uint8Array;
  getExpiration(): number;
  getTimestamp(): number;
  getFeeLimit(): number;
  getData_asU8(): Uint8Array;
  getScripts_asU8(): Uint8Array;
  getAuthsList(): unknown[];
}

interface PbTransaction {
  getRawData(): { serializeBinary(): Uint8Array } | undefined;
  getSignatureList_asU8(): Uint8Array[];
  serializeBinary(): Uint8Array;
}

interface TronProto {
  Transaction: {
    deserializeBinary(bytes: Uint8Array): PbTransaction;
    raw: { deserializeBinary(bytes: Uint8Array): PbBytesField & { serializeBinary(): Uint8Array } };
  };
}

function proto(): TronProto {
  // tronweb's generated protobuf classes register themselves on globalThis when its utils load.
  return (globalThis as unknown as { TronWebProto: TronProto }).TronWebProto;
}

/**
 * Serializes a transaction's raw_data with tronweb's own protobuf encoder (the bytes tronweb
 * signs and re-checks), returning raw_data_hex and the txID (sha256 of those bytes).
 */
export function encodeRawData(rawData: RawDataJson, visible = false): EncodedRawData {
  const pb = utils.transaction.txJsonToPb({ raw_data: rawData, visible } as never);
  const rawDataHex = utils.transaction.txPbToRawDataHex(pb).toLowerCase();
  return { rawDataHex, txID: utils.transaction.txPbToTxID(pb).replace(/^0x/, '').toLowerCase() };
}

/** Non-default values only, lower-case hex: java-tron's JSON printer leaves proto3 defaults out. */
function normalizeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined || v === '' || v === 0 || v === false) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      out[k] = normalizeValue(v);
    }
    return out;
  }
  if (typeof value === 'string' && /^[0-9A-F]+$/.test(value) && value.length % 2 === 0) return value.toLowerCase();
  return value;
}

export interface DecodedRawData {
  rawData: RawDataJson;
  contractType: string;
  /** Number of contracts; java-tron accepts exactly one. */
  contractCount: number;
  hasScripts: boolean;
}

/** Parses raw_data bytes into java-tron's JSON form; throws on malformed or unsupported input. */
export function decodeRawData(rawDataHex: string): DecodedRawData {
  const bytes = fromHex(rawDataHex);
  const raw = proto().Transaction.raw.deserializeBinary(bytes);
  const contracts = raw.getContractList();
  if (contracts.length === 0) throw new Error('no contract');
  const first = contracts[0];
  const contractType = CONTRACT_TYPES[first.getType()];
  if (!contractType) throw new Error(`unknown contract type ${first.getType()}`);
  const typeUrl = first.getParameter()?.getTypeUrl() ?? '';
  const decoded = utils.deserializeTx.deserializeTransaction(contractType, rawDataHex) as unknown as {
    contract: Array<{ parameter: { value: ContractValue } }>;
  };
  const value = normalizeValue(decoded.contract[0].parameter.value) as ContractValue;
  if (contractType === 'FreezeBalanceV2Contract' || contractType === 'UnfreezeBalanceV2Contract'
    || contractType === 'DelegateResourceContract' || contractType === 'UnDelegateResourceContract') {
    // The SDK spells the enum's default (BANDWIDTH = 0) out; the wire and java-tron omit it.
    if (value.resource === 'BANDWIDTH') delete value.resource;
  }
  const contract: RawDataJson['contract'][number] = { parameter: { value, type_url: typeUrl }, type: contractType };
  if (first.getPermissionId()) contract.Permission_id = first.getPermissionId();
  const rawData: RawDataJson = {
    contract: [contract],
    ref_block_bytes: toHex(raw.getRefBlockBytes_asU8()),
    ref_block_hash: toHex(raw.getRefBlockHash_asU8()),
  };
  if (raw.getExpiration()) rawData.expiration = raw.getExpiration();
  const data = raw.getData_asU8();
  if (data.length) rawData.data = toHex(data);
  if (raw.getTimestamp()) rawData.timestamp = raw.getTimestamp();
  if (raw.getFeeLimit()) rawData.fee_limit = raw.getFeeLimit();
  return { rawData, contractType, contractCount: contracts.length, hasScripts: raw.getScripts_asU8().length > 0 };
}

/** Splits a signed, serialized protocol.Transaction (as `broadcasthex` takes it) into raw data and signatures. */
export function decodeSignedTransaction(hex: string): { rawDataHex: string; signatures: string[] } {
  const tx = proto().Transaction.deserializeBinary(fromHex(hex));
  const raw = tx.getRawData();
  if (!raw) throw new Error('no raw_data');
  return { rawDataHex: toHex(raw.serializeBinary()), signatures: tx.getSignatureList_asU8().map(toHex) };
}

/** Serializes raw data plus signatures as a protocol.Transaction (fields 1 and 2), what java-tron hashes into txTrieRoot. */
export function encodeSignedTransaction(rawDataHex: string, signatures: readonly string[]): Buffer {
  const parts: Buffer[] = [lengthDelimited(1, fromHex(rawDataHex))];
  for (const s of signatures) parts.push(lengthDelimited(2, fromHex(s)));
  return Buffer.concat(parts);
}

export function txIdOf(rawDataHex: string): string {
  return sha256Hex(fromHex(rawDataHex));
}
