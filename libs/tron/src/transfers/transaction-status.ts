import type { TransactionInfoJson, TransactionJson } from '../chain-json.types';

/**
 * A transaction's outcome from the block's `ret[0].contractRet` and the info's `receipt.result`.
 * Never from `contractResult`: that is the contract's return data, and USDT's `transfer` returns
 * false on success. Any failing signal wins; with no signal at all the answer is `UNKNOWN`, which
 * nobody credits.
 */
export function transactionStatus(tx: TransactionJson | undefined, info: TransactionInfoJson | undefined): string {
  const ret = Array.isArray(tx?.ret) ? tx.ret[0] : undefined;
  const contractRet = typeof ret?.contractRet === 'string' ? ret.contractRet : undefined;
  const receipt = info?.receipt;
  const receiptResult = typeof receipt === 'object' && receipt !== null && typeof receipt.result === 'string' ? receipt.result : undefined;
  if (contractRet !== undefined && contractRet !== 'SUCCESS') return contractRet;
  if (receiptResult !== undefined && receiptResult !== 'SUCCESS') return receiptResult;
  if (info?.result === 'FAILED') return 'FAILED';
  return contractRet === 'SUCCESS' || receiptResult === 'SUCCESS' ? 'SUCCESS' : 'UNKNOWN';
}
