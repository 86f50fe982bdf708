import type { Block, StoredTransaction } from './chain.types';
import { omitDefaults } from './json-view';

export function transactionJson(tx: StoredTransaction): Record<string, unknown> {
  if (tx.recorded) return tx.recorded.tx;
  return {
    ret: [{ contractRet: tx.result.contractRet }],
    signature: tx.signatures,
    txID: tx.txID,
    raw_data: tx.rawData,
    raw_data_hex: tx.rawDataHex,
  };
}

export function blockHeaderJson(block: Block): Record<string, unknown> {
  return {
    raw_data: omitDefaults({
      number: block.number,
      txTrieRoot: block.txTrieRoot,
      witness_address: block.witnessAddress,
      parentHash: block.parentHash,
      version: block.number === 0 ? 0 : 32,
      timestamp: block.timestamp,
    }),
    witness_signature: block.witnessSignature || undefined,
  };
}

export function blockJson(block: Block, detail = true): Record<string, unknown> {
  if (block.recorded) {
    if (detail) return block.recorded.block;
    const { transactions: _omit, ...header } = block.recorded.block;
    return header;
  }
  const out: Record<string, unknown> = { blockID: block.blockID, block_header: blockHeaderJson(block) };
  if (detail && block.transactions.length) out.transactions = block.transactions.map(transactionJson);
  return out;
}

/** protocol.TransactionInfo as java-tron prints it; only for transactions already in a block. */
export function transactionInfoJson(tx: StoredTransaction): Record<string, unknown> {
  if (tx.recorded) return tx.recorded.info ?? { id: tx.txID, blockNumber: tx.blockNumber, blockTimeStamp: tx.blockTimeStamp };
  const r = tx.result;
  const info: Record<string, unknown> = { id: tx.txID };
  if (r.fee > 0n) info.fee = Number(r.fee);
  info.blockNumber = tx.blockNumber;
  info.blockTimeStamp = tx.blockTimeStamp;
  info.contractResult = [r.contractResult ?? ''];
  if (r.contractAddress) info.contract_address = r.contractAddress;
  const rc = r.receipt;
  info.receipt = omitDefaults({
    energy_usage: rc.energy_usage,
    energy_fee: rc.energy_fee,
    origin_energy_usage: rc.origin_energy_usage,
    energy_usage_total: rc.energy_usage_total,
    net_usage: rc.net_usage,
    net_fee: rc.net_fee,
    result: rc.result,
    energy_penalty_total: rc.energy_penalty_total,
  });
  if (r.logs?.length) info.log = r.logs;
  if (r.contractRet !== 'SUCCESS') {
    info.result = 'FAILED';
    if (r.resMessage) info.resMessage = Buffer.from(r.resMessage, 'utf8').toString('hex');
  }
  // No packingFee: java-tron sets it only with the transaction fee pool, which mainnet leaves off.
  if (r.extra) Object.assign(info, r.extra);
  return info;
}
