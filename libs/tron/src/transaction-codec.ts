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
    getParameter(): { getTypeUrl(): string; getValue_asU8(): Uint8Array } | undefined;
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

interface PbTransferContract {
  getOwnerAddress_asU8(): Uint8Array;
  getToAddress_asU8(): Uint8Array;
  getAmount(): number;
}

interface PbTriggerSmartContract {
  getOwnerAddress_asU8(): Uint8Array;
  getContractAddress_asU8(): Uint8Array;
  getCallValue(): number;
  getData_asU8(): Uint8Array;
  getCallTokenValue(): number;
  getTokenId(): number;
}

interface TronProto {
  TransferContract: { deserializeBinary(bytes: Uint8Array): PbTransferContract };
  TriggerSmartContract: { deserializeBinary(bytes: Uint8Array): PbTriggerSmartContract };
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

/** Non-default fields only, as java-tron prints them (proto3 defaults left out). */
function nonDefault(entries: Array<[string, string | number]>): ContractValue {
  const out: ContractValue = {};
  for (const [k, v] of entries) if (v !== '' && v !== 0) out[k] = v;
  return out;
}

/**
 * The contract types every payment uses, read straight from the already parsed message (the
 * same output as the SDK's deserializeTransaction, which would parse the whole raw data again).
 */
const DIRECT_VALUE_READERS: Readonly<Record<string, (bytes: Uint8Array) => ContractValue>> = {
  TransferContract: (bytes) => {
    const m = proto().TransferContract.deserializeBinary(bytes);
    return nonDefault([
      ['owner_address', toHex(m.getOwnerAddress_asU8())],
      ['to_address', toHex(m.getToAddress_asU8())],
      ['amount', m.getAmount()],
    ]);
  },
  TriggerSmartContract: (bytes) => {
    const m = proto().TriggerSmartContract.deserializeBinary(bytes);
    return nonDefault([
      ['owner_address', toHex(m.getOwnerAddress_asU8())],
      ['contract_address', toHex(m.getContractAddress_asU8())],
      ['call_value', m.getCallValue()],
      ['data', toHex(m.getData_asU8())],
      ['call_token_value', m.getCallTokenValue()],
      ['token_id', m.getTokenId()],
    ]);
  },
};

/** Parses raw_data bytes (hex, or the bytes themselves) into java-tron's JSON form; throws on malformed or unsupported input. */
export function decodeRawData(rawData: string | Uint8Array): DecodedRawData {
  const bytes = typeof rawData === 'string' ? fromHex(rawData) : rawData;
  const raw = proto().Transaction.raw.deserializeBinary(bytes);
  const contracts = raw.getContractList();
  if (contracts.length === 0) throw new Error('no contract');
  const first = contracts[0];
  const contractType = CONTRACT_TYPES[first.getType()];
  if (!contractType) throw new Error(`unknown contract type ${first.getType()}`);
  const parameter = first.getParameter();
  if (!parameter) throw new Error('no contract parameter');
  const typeUrl = parameter.getTypeUrl();
  const direct = DIRECT_VALUE_READERS[contractType];
  let value: ContractValue;
  if (direct) value = direct(parameter.getValue_asU8());
  else {
    const rawDataHex = typeof rawData === 'string' ? rawData : toHex(bytes);
    const decoded = utils.deserializeTx.deserializeTransaction(contractType, rawDataHex) as unknown as {
      contract: Array<{ parameter: { value: ContractValue } }>;
    };
    value = normalizeValue(decoded.contract[0].parameter.value) as ContractValue;
  }
  if (contractType === 'FreezeBalanceV2Contract' || contractType === 'UnfreezeBalanceV2Contract'
    || contractType === 'DelegateResourceContract' || contractType === 'UnDelegateResourceContract') {
    // The SDK spells the enum's default (BANDWIDTH = 0) out; the wire and java-tron omit it.
    if (value.resource === 'BANDWIDTH') delete value.resource;
  }
  const contract: RawDataJson['contract'][number] = { parameter: { value, type_url: typeUrl }, type: contractType };
  if (first.getPermissionId()) contract.Permission_id = first.getPermissionId();
  const rawDataJson: RawDataJson = {
    contract: [contract],
    ref_block_bytes: toHex(raw.getRefBlockBytes_asU8()),
    ref_block_hash: toHex(raw.getRefBlockHash_asU8()),
  };
  if (raw.getExpiration()) rawDataJson.expiration = raw.getExpiration();
  const data = raw.getData_asU8();
  if (data.length) rawDataJson.data = toHex(data);
  if (raw.getTimestamp()) rawDataJson.timestamp = raw.getTimestamp();
  if (raw.getFeeLimit()) rawDataJson.fee_limit = raw.getFeeLimit();
  return { rawData: rawDataJson, contractType, contractCount: contracts.length, hasScripts: raw.getScripts_asU8().length > 0 };
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
