import type { SentTransaction } from '@tronpay/models';
import { Address, decodeRawData, txIdOf } from '@tronpay/tron';

const TRC20_TRANSFER = 'a9059cbb';

/** A payment one of our hot wallets made on chain, as a payout would have made it. */
export interface GapTransfer {
  txId: string;
  blockNumber: number;
  blockTimestamp: number;
  /** base58 */
  sender: string;
  currency: 'TRX' | 'USDT';
  /** base58 */
  destination: string;
  /** base units */
  amount: bigint;
  contractRet: string | null;
  rawDataHex: string;
  signatures: string[];
}

const hex = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

/**
 * The payment a transaction makes, read from its bytes (their hash is its id, so they are what
 * was signed): a TRX TransferContract, or a `transfer(address,uint256)` call on the canonical USDT
 * contract with no TRX attached, exactly the two shapes a payout's transaction has. Anything else
 * (a freeze, a vote, another token) is null: no payout could have made it.
 */
export function gapTransferOf(t: SentTransaction, usdtContract: string): GapTransfer | null {
  if (txIdOf(t.rawDataHex) !== t.txId.toLowerCase()) throw new Error(`transaction ${t.txId}: its bytes do not hash to its id`);
  const { rawData, contractType, contractCount } = decodeRawData(t.rawDataHex);
  if (contractCount !== 1) return null;
  const value = rawData.contract[0].parameter.value;
  const base = { txId: t.txId.toLowerCase(), blockNumber: t.blockNumber, blockTimestamp: t.blockTimestamp, sender: t.owner, contractRet: t.contractRet, rawDataHex: t.rawDataHex, signatures: t.signatures };
  if (contractType === 'TransferContract') {
    const to = Address.tryParse(hex(value['to_address']));
    const amount = BigInt(typeof value['amount'] === 'number' ? value['amount'] : 0);
    return to && amount > 0n ? { ...base, currency: 'TRX', destination: to.base58, amount } : null;
  }
  if (contractType !== 'TriggerSmartContract') return null;
  if (hex(value['contract_address']) !== Address.parse(usdtContract).hex || value['call_value'] || value['call_token_value']) return null;
  const data = hex(value['data']);
  if (data.length !== 8 + 128 || !data.startsWith(TRC20_TRANSFER) || !/^0{24}/.test(data.slice(8, 72))) return null;
  const to = Address.tryParse('41' + data.slice(32, 72));
  const amount = BigInt('0x' + data.slice(72));
  return to && amount > 0n ? { ...base, currency: 'USDT', destination: to.base58, amount } : null;
}

/** The transaction's expiration, fee limit and reference block, from its bytes (the row a payout's transaction keeps). */
export function transactionFacts(rawDataHex: string, blockNumber: number): { expiration: Date; feeLimit: string | null; refBlock: number } {
  const { rawData } = decodeRawData(rawDataHex);
  // TaPoS names the low 16 bits of a block at most 65,535 blocks before the one holding it.
  const low = parseInt(rawData.ref_block_bytes, 16);
  const refBlock = blockNumber - ((blockNumber - low) & 0xffff);
  return { expiration: new Date(rawData.expiration ?? 0), feeLimit: rawData.fee_limit ? String(rawData.fee_limit) : null, refBlock };
}
