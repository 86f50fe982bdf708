import { Logger } from '@nestjs/common';
import type { BlockJson, SkippedTransfer, TransactionInfoJson } from '@tronpay/tron';
import { BlockHeader, ChainReader, headerOf } from './chain-reader';
import { classify, FilterContext, tokenOf } from './deposit-filter';
import type { ScannerMetrics } from './scanner.metrics';
import { Cursor, NewDeposit, ScannerRepository } from './scanner.repository';
import type { TransferExtractor } from './scanner.tokens';

interface FetchedBatch {
  blocks: BlockJson[];
  infos: TransactionInfoJson[][];
}

export interface ProcessorDeps {
  network: string;
  batchSize: number;
  chain: ChainReader;
  repository: ScannerRepository;
  extract: TransferExtractor;
  metrics: ScannerMetrics;
  /** Refreshes the watched set and token registry; called after a batch is fetched, before it is filtered. */
  refresh(): Promise<void>;
  filter: FilterContext;
  /** Publishes the outbox; called after each commit that wrote events. */
  publish(): Promise<unknown>;
  /** False once leadership is lost: stop between blocks. */
  stillLeading(): boolean;
}

/**
 * One leader's work: scan from the cursor to the head (batches while catching up, one block at
 * the head), rewind on a replaced block, confirm what the solidified chain holds.
 */
export class BlockProcessor {
  private readonly logger = new Logger('Scanner');

  constructor(private readonly d: ProcessorDeps) {}

  async cursorOrInit(fence: number, startBlock: number | null): Promise<Cursor> {
    const existing = await this.d.repository.cursor(this.d.network);
    if (existing) return { ...existing, fence };
    const head = await this.d.chain.headNumber();
    const start = Math.max(0, Math.min(startBlock ?? head, head));
    const before = start > 0 ? await this.d.chain.header(start - 1) : null;
    this.logger.log(`no cursor for ${this.d.network}: starting at block ${start}`);
    const created = await this.d.repository.initCursor(this.d.network, {
      headNumber: start - 1,
      headHash: before?.hash ?? '',
      solidNumber: Math.max(-1, start - 1),
      fence,
    });
    return { ...created, fence };
  }

  /**
   * Scans up to the head; returns the cursor reached. While one batch is filtered and written,
   * the next is already being fetched: the node and PostgreSQL work at the same time.
   */
  async scanToHead(cursor: Cursor, head: number): Promise<Cursor> {
    let c = cursor;
    let next: Promise<FetchedBatch> | null = null;
    while (c.headNumber < head && this.d.stillLeading()) {
      const batch = await (next ?? this.fetch(c.headNumber + 1, head));
      next = null;
      const lastFetched = headerOf(batch.blocks[batch.blocks.length - 1]).number;
      if (lastFetched < head) {
        next = this.fetch(lastFetched + 1, head);
        // Marked handled now (it may fail while this batch is written); awaiting it still throws.
        next.catch(() => undefined);
      }
      // After the fetch: an address committed before a block was produced is in the set now.
      await this.d.refresh();
      const ready: Array<{ header: BlockHeader; deposits: NewDeposit[]; unregistered: NewDeposit[] }> = [];
      let replaced = false;
      let parent = c.headHash;
      for (let i = 0; i < batch.blocks.length; i++) {
        const header = headerOf(batch.blocks[i]);
        if (parent && header.parentHash !== parent) {
          replaced = true;
          break;
        }
        ready.push({ header, ...this.deposits(batch.blocks[i], batch.infos[i]) });
        parent = header.hash;
      }
      if (ready.length) c = await this.write(c, ready, head);
      if (replaced) {
        next = null;
        c = await this.rewind(c);
      }
    }
    return c;
  }

  private async fetch(from: number, head: number): Promise<FetchedBatch> {
    const to = Math.min(head, from + this.d.batchSize - 1);
    const blocks = await this.d.chain.blocks(from, to + 1);
    const infos = await Promise.all(blocks.map((b) => this.d.chain.infos(headerOf(b).number, (b.transactions ?? []).map((t) => t.txID))));
    return { blocks, infos };
  }

  private async write(c: Cursor, ready: Array<{ header: BlockHeader; deposits: NewDeposit[]; unregistered: NewDeposit[] }>, head: number): Promise<Cursor> {
    const written = await this.d.repository.applyBlocks(this.d.network, c.fence, ready);
    const last = ready[ready.length - 1].header;
    this.d.metrics.blocks.inc(ready.length);
    this.d.metrics.cursor.set(last.number);
    this.d.metrics.lag.set(Math.max(0, head - last.number));
    if (written) this.d.metrics.deposits.inc({ event: 'detected' }, written);
    if (written || ready.some((r) => r.unregistered.length)) await this.d.publish();
    return { ...c, headNumber: last.number, headHash: last.hash };
  }

  /**
   * Confirms deposits in blocks the solidified chain now holds with the same hash. A block the
   * solid chain holds with another hash was replaced unnoticed: rewind to just before it.
   */
  async confirm(cursor: Cursor, solid: number): Promise<Cursor> {
    const upTo = Math.min(solid, cursor.headNumber);
    if (upTo <= cursor.solidNumber) return cursor;
    for (const block of await this.d.repository.unconfirmedBlocks(upTo)) {
      const onSolid = await this.d.chain.header(block.number, true);
      if (onSolid.hash === block.hash) {
        const n = await this.d.repository.confirmBlock(this.d.network, cursor.fence, block);
        this.d.metrics.deposits.inc({ event: 'confirmed' }, n);
      } else {
        this.logger.error(`block ${block.number} solidified as ${onSolid.hash}, not ${block.hash}: rewinding`);
        const before = await this.d.chain.header(block.number - 1, true);
        await this.revertTo(cursor, { number: before.number, hash: before.hash });
        await this.d.publish();
        return { ...cursor, headNumber: before.number, headHash: before.hash };
      }
    }
    await this.d.repository.markSolid(this.d.network, cursor.fence, upTo);
    await this.d.publish();
    return { ...cursor, solidNumber: upTo };
  }

  /** Finds where our chain and the node's meet (walking back over kept hashes, never below solid) and rewinds there. */
  private async rewind(c: Cursor): Promise<Cursor> {
    this.d.metrics.reorgs.inc();
    let n = c.headNumber;
    let forkHash = '';
    while (n >= 0) {
      const theirs = (await this.d.chain.header(n)).hash;
      forkHash = theirs;
      // The solidified chain cannot change: never look below it.
      if (n <= c.solidNumber) break;
      const ours = n === c.headNumber ? c.headHash : await this.d.repository.scannedHash(this.d.network, n);
      if (ours === theirs) break;
      n -= 1;
    }
    const fork = { number: n, hash: n < 0 ? '' : forkHash };
    this.logger.warn(`reorg: blocks above ${fork.number} were replaced, rescanning from ${fork.number + 1}`);
    await this.revertTo(c, fork);
    await this.d.publish();
    return { ...c, headNumber: fork.number, headHash: fork.hash };
  }

  private async revertTo(c: Cursor, fork: { number: number; hash: string }): Promise<void> {
    const n = await this.d.repository.rewind(this.d.network, c.fence, fork);
    this.d.metrics.deposits.inc({ event: 'reverted' }, n);
  }

  /** The block's deposits, and the transfers of tokens outside the registry to watched addresses (announced, never credited). */
  private deposits(block: BlockJson, infos: Parameters<TransferExtractor>[1]): { deposits: NewDeposit[]; unregistered: NewDeposit[] } {
    this.d.metrics.transactions.inc(block.transactions?.length ?? 0);
    const { transfers, skipped } = this.d.extract(block, infos);
    for (const s of skipped) this.skipped(s, block);
    const out: NewDeposit[] = [];
    const unregistered: NewDeposit[] = [];
    for (const t of transfers) {
      const verdict = classify(t, this.d.filter);
      const row = { txId: t.txId, logIndex: t.logIndex, token: tokenOf(t), from: t.from, to: t.to, amount: t.amount };
      if (verdict === 'unregistered_token' && t.amount > this.d.filter.dustThreshold && t.from !== t.to) unregistered.push(row);
      if (verdict !== 'credit') {
        this.d.metrics.drop(verdict);
        continue;
      }
      out.push(row);
    }
    return { deposits: out, unregistered };
  }

  /**
   * Counted by reason; one naming a watched recipient is a deposit we could not read, so it is
   * also logged for the operator to look at (public chain data only: address, tx id, block).
   */
  private skipped(s: SkippedTransfer, block: BlockJson): void {
    const toWatched = s.to !== undefined && this.d.filter.isWatched(s.to);
    this.d.metrics.skip(s.reason, toWatched);
    if (toWatched) {
      const at = s.logIndex >= 0 ? ` log ${s.logIndex}` : '';
      this.logger.warn(`skipped a transfer to watched address ${s.to} (${s.reason}): tx ${s.txId}${at} in block ${headerOf(block).number}; not credited`);
    }
  }
}
