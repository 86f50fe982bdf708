import type { BlockJson, TransactionInfoJson, TransactionJson } from '../chain-json.types';
import { base58OfField, base58OfHex } from './address-cache';
import { transactionStatus } from './transaction-status';
import { decodeTransferLog } from './transfer-log';
import type { NormalizedTransfer, SkippedTransfer, SkipReason, TransferExtraction } from './transfer.types';

type Json = Record<string, unknown>;

const TX_ID = /^[0-9a-fA-F]{64}$/;
const EVEN_HEX = /^(?:[0-9a-fA-F]{2})+$/;
const PRINTABLE = /^[\x20-\x7e]+$/;
// Contract types that run the TVM: without their info the block's TRC20 logs are unknown.
const VM_TYPES = new Set(['TriggerSmartContract', 'CreateSmartContract']);

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** proto3 leaves a zero amount out; a float or an integer past 2^53 lost precision in JSON.parse. */
function amountOf(value: unknown): bigint | SkipReason {
  if (value === undefined) return 0n;
  if (typeof value === 'bigint') return value >= 0n ? value : 'malformed-contract';
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return 'malformed-contract';
    return Number.isSafeInteger(value) ? BigInt(value) : 'unsafe-amount';
  }
  if (typeof value === 'string' && /^\d{1,78}$/.test(value)) return BigInt(value);
  return 'malformed-contract';
}

/** A TRC10 asset name: hex on the wire (`31303032303030` = asset `1002000`), plain text with visible=true. */
function assetIdOf(value: unknown, visible: boolean): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (visible || !EVEN_HEX.test(value)) return value;
  const text = Buffer.from(value, 'hex').toString('latin1');
  return PRINTABLE.test(text) ? text : value;
}

interface BlockContext {
  blockNumber: number;
  blockTime: number;
  out: TransferExtraction;
}

function skip(ctx: BlockContext, txId: string, logIndex: number, reason: SkipReason, to?: string | null): void {
  const entry: SkippedTransfer = to ? { txId, logIndex, reason, to } : { txId, logIndex, reason };
  ctx.out.skipped.push(entry);
}

/** TRX (TransferContract) and TRC10 (TransferAssetContract): one contract per transaction, logIndex -1. */
function contractTransfer(ctx: BlockContext, tx: TransactionJson, txId: string, info: TransactionInfoJson | undefined): void {
  const contract = isRecord(tx.raw_data) && Array.isArray(tx.raw_data.contract) ? tx.raw_data.contract[0] : undefined;
  if (!isRecord(contract)) return skip(ctx, txId, -1, 'malformed-transaction');
  const type = contract.type;
  if (type !== 'TransferContract' && type !== 'TransferAssetContract') {
    if (typeof type === 'string' && VM_TYPES.has(type) && info === undefined) skip(ctx, txId, -1, 'missing-info');
    return;
  }
  const value = isRecord(contract.parameter) ? contract.parameter.value : undefined;
  if (!isRecord(value)) return skip(ctx, txId, -1, 'malformed-contract');
  const from = base58OfField(value.owner_address);
  const to = base58OfField(value.to_address);
  const amount = amountOf(value.amount);
  // The recipient goes with the skip when readable: a payment to a watched address we could not read is flagged.
  if (typeof amount === 'string') return skip(ctx, txId, -1, amount, to);
  let token: NormalizedTransfer['token'] = { kind: 'TRX' };
  if (type === 'TransferAssetContract') {
    const assetId = assetIdOf(value.asset_name, tx.visible === true);
    if (assetId === null) return skip(ctx, txId, -1, 'malformed-contract', to);
    token = { kind: 'TRC10', assetId };
  }
  if (from === null || to === null) return skip(ctx, txId, -1, 'malformed-contract', to);
  const status = transactionStatus(tx, info);
  ctx.out.transfers.push({ txId, logIndex: -1, token, from, to, amount, blockNumber: ctx.blockNumber, blockTime: ctx.blockTime, status });
}

/** TRC20 by `Transfer` logs, whoever called what: transfer, transferFrom, batch senders, several per transaction. */
function logTransfers(ctx: BlockContext, tx: TransactionJson, txId: string, info: TransactionInfoJson): void {
  const logs: unknown = info.log;
  if (!Array.isArray(logs) || logs.length === 0) return;
  const status = transactionStatus(tx, info);
  for (let i = 0; i < logs.length; i++) {
    const decoded = decodeTransferLog(logs[i]);
    if (decoded.kind === 'other') continue;
    if (decoded.kind === 'skip') {
      skip(ctx, txId, i, decoded.reason, decoded.to === undefined ? null : base58OfHex(decoded.to));
      continue;
    }
    ctx.out.transfers.push({
      txId,
      logIndex: i,
      token: { kind: 'TRC20', contract: base58OfHex(decoded.contract) },
      from: base58OfHex(decoded.from),
      to: base58OfHex(decoded.to),
      amount: decoded.amount,
      blockNumber: ctx.blockNumber,
      blockTime: ctx.blockTime,
      status,
    });
  }
}

/**
 * Infos by transaction id. Block and infos come from two calls, so a fork switch in between can
 * pair a block with another block's infos: those infos are left out and reported, and the
 * scanner refetches rather than miss a log.
 */
function indexInfos(ctx: BlockContext, infos: readonly TransactionInfoJson[], blockNumber: number | undefined): Map<string, TransactionInfoJson> {
  const byId = new Map<string, TransactionInfoJson>();
  if (!Array.isArray(infos)) return byId;
  for (const info of infos as unknown[]) {
    if (!isRecord(info) || typeof info.id !== 'string') continue;
    const id = info.id.toLowerCase();
    if (blockNumber !== undefined && typeof info.blockNumber === 'number' && info.blockNumber !== blockNumber) {
      skip(ctx, id, -1, 'info-mismatch');
    } else if (!byId.has(id)) {
      byId.set(id, info as unknown as TransactionInfoJson);
    }
  }
  return byId;
}

function safeInt(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}

/**
 * Every value movement in a block, with what was left out and why. Infos are matched to
 * transactions by id; garbage anywhere is skipped, never thrown.
 */
export function extractBlockTransfers(block: BlockJson, infos: readonly TransactionInfoJson[]): TransferExtraction {
  const out: TransferExtraction = { transfers: [], skipped: [] };
  if (!isRecord(block)) return out;
  const header = isRecord(block.block_header) && isRecord(block.block_header.raw_data) ? block.block_header.raw_data : undefined;
  const ctx: BlockContext = { blockNumber: safeInt(header?.number), blockTime: safeInt(header?.timestamp), out };
  const transactions: unknown = block.transactions;
  if (!Array.isArray(transactions) || transactions.length === 0) return out;

  const byId = indexInfos(ctx, infos, typeof header?.number === 'number' ? header.number : undefined);
  for (const tx of transactions as unknown[]) {
    if (!isRecord(tx) || typeof tx.txID !== 'string' || !TX_ID.test(tx.txID)) {
      skip(ctx, isRecord(tx) && typeof tx.txID === 'string' ? tx.txID.slice(0, 64) : '', -1, 'malformed-transaction');
      continue;
    }
    const txJson = tx as unknown as TransactionJson;
    const txId = txJson.txID.toLowerCase();
    const info = byId.get(txId);
    byId.delete(txId);
    contractTransfer(ctx, txJson, txId, info);
    if (info !== undefined) logTransfers(ctx, txJson, txId, info);
  }
  for (const id of byId.keys()) skip(ctx, id, -1, 'orphan-info');
  return out;
}

/** The normalized transfers of a block (see extractBlockTransfers for the skipped ones). */
export function extractTransfers(block: BlockJson, infos: readonly TransactionInfoJson[]): NormalizedTransfer[] {
  return extractBlockTransfers(block, infos).transfers;
}
