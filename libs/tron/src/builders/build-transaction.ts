import type { BlockJson } from '../chain-json.types';
import { encodeRawData, type ContractValue, type RawDataJson } from '../transaction-codec';
import { Address } from '../values/address.value';
import { TransactionBuildError } from './transaction-build.errors';

/** The block a transaction points at (TaPoS): the node rejects it unless this block is on its chain. */
export interface ReferenceBlock {
  number: number;
  /** blockID, 64 hex digits (its first 8 bytes are the number). */
  id: string;
  /** ms since epoch */
  timestamp: number;
}

export interface BuildContext {
  ref: ReferenceBlock;
  /**
   * raw_data.timestamp (ms). Required, not read from a clock here: it is part of the txID, so two
   * identical transfers built on one reference block need different timestamps or the second is
   * a "duplicate" of the first.
   */
  timestamp: number;
  /** Expiration after the reference block's time; default 60 s (tronweb's), at most 24 h (java-tron's limit). */
  expirationMs?: number;
  /** Multisig: the permission (2+ for actives) whose keys sign. */
  permissionId?: number;
  /** raw_data.data; costs bandwidth. */
  memo?: string;
}

/** What a node's createtransaction answers and tronweb's trx.sign takes; `signature` once signed. */
export interface UnsignedTransaction {
  visible: false;
  txID: string;
  raw_data: RawDataJson;
  raw_data_hex: string;
}

export interface SignedTransaction extends UnsignedTransaction {
  signature: string[];
}

export const DEFAULT_EXPIRATION_MS = 60_000;
const MAX_EXPIRATION_MS = 24 * 60 * 60 * 1000;

export function fail(message: string): never {
  throw new TransactionBuildError(message);
}

/** `41...` hex of an address given as Address, base58 or hex; a clear error otherwise. */
export function hexOf(address: Address | string, field: string): string {
  if (address instanceof Address) return address.hex;
  const parsed = Address.tryParse(address);
  return parsed ? parsed.hex : fail(`${field}: not a TRON address`);
}

/**
 * An int64 protobuf field from a bigint. tronweb's protobuf setters take JS numbers, so values
 * past 2^53 are refused rather than rounded.
 */
export function int64(value: bigint, field: string, min = 1n): number {
  if (typeof value !== 'bigint') fail(`${field}: expected a bigint`);
  if (value < min) fail(`${field}: must be at least ${min}`);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${field}: ${value} is past 2^53, which this SDK cannot encode exactly`);
  return Number(value);
}

/** The reference block of a getblock / getnowblock answer. */
export function referenceBlockOf(block: BlockJson): ReferenceBlock {
  const raw = block.block_header?.raw_data;
  if (typeof block.blockID !== 'string' || typeof raw?.number !== 'number' || typeof raw.timestamp !== 'number') {
    fail('reference block: blockID, number and timestamp are required');
  }
  return { number: raw.number, id: block.blockID, timestamp: raw.timestamp };
}

function tapos(ref: ReferenceBlock): { ref_block_bytes: string; ref_block_hash: string } {
  if (!Number.isSafeInteger(ref.number) || ref.number < 0) fail('reference block: bad number');
  if (!/^[0-9a-fA-F]{64}$/.test(ref.id)) fail('reference block: id must be 64 hex digits');
  const id = ref.id.toLowerCase();
  // java-tron puts the height in the id's first 8 bytes: a mismatch means number and id were mixed up.
  if (BigInt('0x' + id.slice(0, 16)) !== BigInt(ref.number)) fail('reference block: id does not belong to that number');
  return { ref_block_bytes: id.slice(12, 16), ref_block_hash: id.slice(16, 32) };
}

/**
 * Encodes one contract into an unsigned transaction with tronweb's own protobuf encoder, entirely
 * offline. `value` is in java-tron's JSON spelling (snake_case, hex addresses, defaults omitted).
 */
export function buildTransaction(type: string, value: ContractValue, ctx: BuildContext, feeLimit?: bigint): UnsignedTransaction {
  const expirationMs = ctx.expirationMs ?? DEFAULT_EXPIRATION_MS;
  if (!Number.isSafeInteger(expirationMs) || expirationMs <= 0 || expirationMs > MAX_EXPIRATION_MS) {
    fail('expirationMs: must be from 1 ms to 24 h');
  }
  if (!Number.isSafeInteger(ctx.timestamp) || ctx.timestamp <= 0) fail('timestamp: must be a positive integer (ms)');
  if (!Number.isSafeInteger(ctx.ref.timestamp) || ctx.ref.timestamp <= 0) fail('reference block: bad timestamp');
  const contract: RawDataJson['contract'][number] = { parameter: { value, type_url: `type.googleapis.com/protocol.${type}` }, type };
  if (ctx.permissionId !== undefined) {
    if (!Number.isInteger(ctx.permissionId) || ctx.permissionId < 0 || ctx.permissionId > 9) fail('permissionId: 0 to 9');
    if (ctx.permissionId > 0) contract.Permission_id = ctx.permissionId;
  }
  const rawData: RawDataJson = {
    contract: [contract],
    ...tapos(ctx.ref),
    expiration: ctx.ref.timestamp + expirationMs,
    timestamp: ctx.timestamp,
  };
  if (feeLimit !== undefined) rawData.fee_limit = int64(feeLimit, 'feeLimit');
  if (ctx.memo) rawData.data = Buffer.from(ctx.memo, 'utf8').toString('hex');
  const { rawDataHex, txID } = encodeRawData(rawData);
  return { visible: false, txID, raw_data: rawData, raw_data_hex: rawDataHex };
}
