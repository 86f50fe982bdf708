import { Injectable } from '@nestjs/common';
import type { BlockJson, TransactionInfoJson } from '@tronpay/tron';
import { blockNumberOf, NodePool } from '../nodes/node-pool.service';

export interface BlockHeader {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
}

export function headerOf(block: BlockJson): BlockHeader {
  const raw = block.block_header?.raw_data ?? {};
  return { number: raw.number ?? 0, hash: block.blockID ?? '', parentHash: raw.parentHash ?? '', timestamp: raw.timestamp ?? 0 };
}

const hasBlock = (b: unknown) => typeof blockNumberOf(b) === 'number';

/**
 * One info per transaction id, and no other; none stamped with another block's number (the
 * extractor would set such an info aside and the transaction's logs would go unread).
 */
function infosMatch(body: unknown, n: number, txIds: readonly string[]): boolean {
  if (!Array.isArray(body) || body.length !== txIds.length) return false;
  const wanted = new Set(txIds.map((id) => id.toLowerCase()));
  for (const info of body as Array<{ id?: unknown; blockNumber?: unknown }>) {
    if (typeof info?.id !== 'string' || !wanted.delete(info.id.toLowerCase())) return false;
    if (typeof info.blockNumber === 'number' && info.blockNumber !== n) return false;
  }
  return wanted.size === 0;
}

/**
 * The scanner's reads, through the node pool. Each read says what a complete answer is, so a
 * node that lags (answers `{}` or a short list) is passed over for the next one: no block is skipped.
 */
@Injectable()
export class ChainReader {
  constructor(private readonly pool: NodePool) {}

  async headNumber(): Promise<number> {
    return blockNumberOf(await this.pool.call('/wallet/getblock', { detail: false }, { accept: hasBlock })) as number;
  }

  async solidNumber(): Promise<number> {
    return blockNumberOf(await this.pool.call('/walletsolidity/getblock', { detail: false }, { accept: hasBlock })) as number;
  }

  /** Header of block `n` on the head chain, or on the solidified chain. */
  async header(n: number, solid = false): Promise<BlockHeader> {
    const path = solid ? '/walletsolidity/getblock' : '/wallet/getblock';
    return headerOf(await this.pool.call<BlockJson>(path, { id_or_num: String(n), detail: false }, { accept: hasBlock }));
  }

  async block(n: number): Promise<BlockJson> {
    return this.pool.call<BlockJson>('/wallet/getblockbynum', { num: n }, { accept: (b) => blockNumberOf(b) === n });
  }

  /** Blocks `start` .. `end - 1` in one call (the node allows 100). */
  async blocks(start: number, end: number): Promise<BlockJson[]> {
    if (end - start === 1) return [await this.block(start)];
    const body = await this.pool.call<{ block?: BlockJson[] }>(
      '/wallet/getblockbylimitnext',
      { startNum: start, endNum: end },
      { accept: (b) => Array.isArray((b as { block?: unknown }).block) && (b as { block: unknown[] }).block.length === end - start },
    );
    return [...(body.block ?? [])].sort((a, b) => headerOf(a).number - headerOf(b).number);
  }

  /**
   * The infos of block `n`, which holds the transactions `txIds`. Accepted only when they are the
   * infos of exactly those transactions: a node without the block answers `[]`, and one on another
   * fork (or answering for another block) answers other ids, often as many, or the same ids stamped
   * with another block number. Any of these would leave the block's TRC20 logs unread, so the next
   * node is asked instead.
   */
  async infos(n: number, txIds: readonly string[]): Promise<TransactionInfoJson[]> {
    if (txIds.length === 0) return [];
    return this.pool.call<TransactionInfoJson[]>('/wallet/gettransactioninfobyblocknum', { num: n }, {
      accept: (b) => infosMatch(b, n, txIds),
    });
  }
}
