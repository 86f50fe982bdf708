import { Injectable } from '@nestjs/common';
import { SentTransaction, TX_SENT_BY_MAX_BLOCKS, TxSentByReply } from '@tronpay/models';
import { Address, txIdOf, type BlockJson, type TransactionJson } from '@tronpay/tron';
import { blockNumberOf, NodePool } from '../nodes/node-pool.service';
import { QueryError } from './queries.errors';

const hasBlock = (b: unknown) => typeof blockNumberOf(b) === 'number';
const header = (b: BlockJson) => ({ number: b.block_header?.raw_data?.number ?? 0, timestamp: b.block_header?.raw_data?.timestamp ?? 0 });

function ownerOf(tx: TransactionJson): string | null {
  const owner = tx.raw_data?.contract?.[0]?.parameter?.value?.['owner_address'];
  return typeof owner === 'string' ? (Address.tryParse(owner)?.hex ?? null) : null;
}

/**
 * What some accounts sent, read from the solidified blocks themselves: a node has no index of an
 * account's outgoing transactions, and the scanner keeps only what reaches a watched address.
 * Solidified blocks only, so an answer is never undone by a fork. Each transaction's bytes are
 * checked against its txID, so the caller may store and re-check them.
 */
@Injectable()
export class SentByService {
  constructor(private readonly pool: NodePool) {}

  async sentBy(owners: string[], fromBlock: number, toBlock: number): Promise<TxSentByReply> {
    const wanted = new Map<string, string>();
    for (const o of owners) {
      const a = Address.tryParse(o);
      if (!a) throw new QueryError('invalid_address', `owner ${o} is not a valid TRON address (checksum?)`);
      wanted.set(a.hex, a.base58);
    }
    const solid = await this.pool.call<BlockJson>('/walletsolidity/getblock', { detail: false }, { accept: hasBlock });
    const solidHead = header(solid);
    const to = Math.min(toBlock, fromBlock + TX_SENT_BY_MAX_BLOCKS - 1, solidHead.number);
    if (to < fromBlock) return { solidHead, fromBlock, toBlock: to, toTimestamp: null, transactions: [] };
    if (!wanted.size) {
      // A block's time only (finding the block at a time): its header, not its transactions.
      const last = await this.pool.call<BlockJson>('/wallet/getblock', { id_or_num: String(to), detail: false }, { accept: (b) => blockNumberOf(b) === to });
      return { solidHead, fromBlock, toBlock: to, toTimestamp: header(last).timestamp, transactions: [] };
    }
    const blocks = await this.blocks(fromBlock, to);
    const transactions: SentTransaction[] = [];
    for (const block of blocks) {
      const { number, timestamp } = header(block);
      for (const tx of block.transactions ?? []) {
        const owner = ownerOf(tx);
        if (!owner || !wanted.has(owner)) continue;
        const rawDataHex = (tx.raw_data_hex ?? '').toLowerCase();
        // A node's JSON is not proof: the bytes must hash to the id, or nothing of it is passed on.
        if (!rawDataHex || txIdOf(rawDataHex) !== tx.txID.toLowerCase()) throw new Error(`block ${number}: transaction ${tx.txID} does not match its raw_data_hex`);
        transactions.push({
          txId: tx.txID.toLowerCase(),
          blockNumber: number,
          blockTimestamp: timestamp,
          owner: wanted.get(owner) as string,
          contractType: tx.raw_data.contract[0].type,
          contractRet: tx.ret?.[0]?.contractRet ?? null,
          rawDataHex,
          signatures: tx.signature ?? [],
        });
      }
    }
    return { solidHead, fromBlock, toBlock: to, toTimestamp: header(blocks[blocks.length - 1]).timestamp, transactions };
  }

  /** Blocks `from`..`to`, each once, in order; a node answering fewer (a lagging one) is passed over. */
  private async blocks(from: number, to: number): Promise<BlockJson[]> {
    if (from === to) return [await this.pool.call<BlockJson>('/wallet/getblockbynum', { num: from }, { accept: (b) => blockNumberOf(b) === from })];
    const body = await this.pool.call<{ block?: BlockJson[] }>(
      '/wallet/getblockbylimitnext',
      { startNum: from, endNum: to + 1 },
      { accept: (b) => Array.isArray((b as { block?: unknown }).block) && (b as { block: unknown[] }).block.length === to - from + 1 },
    );
    const sorted = [...(body.block ?? [])].sort((a, b) => header(a).number - header(b).number);
    sorted.forEach((b, i) => {
      if (header(b).number !== from + i) throw new Error(`getblockbylimitnext ${from}..${to} answered block ${header(b).number} at ${from + i}`);
    });
    return sorted;
  }
}
