import { blockIdOf, encodeBlockHeaderRaw, encodeSignedTransaction, merkleRoot, sha256, signDigest } from '@tronpay/tron';
import { BLOCK_SLOT_MS, BLOCK_VERSION, TAPOS_WINDOW } from './chain-parameters';
import type { Block, StoredTransaction } from './chain.types';
import { StateStore } from './state-store';

export interface BlockProducer {
  address: string;
  privateKey: string;
}

export type BlockListener = (block: Block) => void;

/** Blocks, the pending pool and the transaction index; knows nothing of what transactions do. */
export class Chain {
  readonly blocks: Block[] = [];
  private readonly byId = new Map<string, Block>();
  private readonly txIndex = new Map<string, StoredTransaction>();
  private pending: StoredTransaction[] = [];
  /** ref_block_hash (blockID bytes 8..16) by ref_block_bytes (number bytes 6..8) for TaPoS. */
  private readonly recentRefs: string[] = new Array(TAPOS_WINDOW);
  private readonly listeners: BlockListener[] = [];

  constructor(
    readonly state: StateStore,
    private readonly producers: readonly BlockProducer[],
    private readonly solidLag: number,
    /** Spacing of block timestamps: the block interval, or mainnet's 3 s slot when mining by hand. */
    private readonly slotMs: number = BLOCK_SLOT_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  onBlock(listener: BlockListener): void {
    this.listeners.push(listener);
  }

  /** Genesis: number 0, timestamp 0 (as on mainnet), so every start has the same genesis id. */
  createGenesis(): Block {
    const block = this.buildBlock(0, 0, '00'.repeat(32), [], this.producers[0], false);
    this.append(block);
    return block;
  }

  /** Forgets every block (replay mode starts from the recording's first block). */
  reset(): void {
    this.blocks.length = 0;
    this.byId.clear();
    this.txIndex.clear();
    this.pending = [];
  }

  /** Appends a recorded block as is (replay mode). */
  appendRecorded(block: Block): void {
    for (const tx of block.transactions) this.txIndex.set(tx.txID, tx);
    this.append(block);
  }

  head(): Block {
    return this.blocks[this.blocks.length - 1];
  }

  solidNumber(): number {
    return Math.max(0, this.head().number - this.solidLag);
  }

  blockByNumber(n: number): Block | undefined {
    const first = this.blocks[0]?.number ?? 0;
    return this.blocks[n - first];
  }

  blockById(id: string): Block | undefined {
    return this.byId.get(id.toLowerCase());
  }

  transaction(txID: string): StoredTransaction | undefined {
    return this.txIndex.get(txID.toLowerCase());
  }

  hasTransaction(txID: string): boolean {
    return this.txIndex.has(txID);
  }

  pendingCount(): number {
    return this.pending.length;
  }

  /** Checks java-tron's TaPoS rule: the referenced block is among the last 65,536. */
  taposMatches(refBlockBytes: string, refBlockHash: string): boolean {
    if (!/^[0-9a-f]{4}$/.test(refBlockBytes) || !/^[0-9a-f]{16}$/.test(refBlockHash)) return false;
    return this.recentRefs[parseInt(refBlockBytes, 16)] === refBlockHash;
  }

  addPending(tx: StoredTransaction): void {
    this.pending.push(tx);
    this.txIndex.set(tx.txID, tx);
  }

  /** Produces `count` blocks now with every pending transaction in the first; `advanceMs` moves chain time forward. */
  mine(count = 1, advanceMs = 0): Block[] {
    const made: Block[] = [];
    for (let i = 0; i < count; i++) {
      const parent = this.head();
      const skew = i === 0 ? advanceMs : 0;
      const timestamp = Math.max(this.alignedNow(), parent.timestamp + this.slotMs) + skew;
      const txs = this.pending;
      this.pending = [];
      const number = parent.number + 1;
      const producer = this.producers[number % this.producers.length];
      const block = this.buildBlock(number, timestamp, parent.blockID, txs, producer, true);
      for (const tx of txs) {
        tx.blockNumber = number;
        tx.blockTimeStamp = timestamp;
      }
      // Listeners (rewards, witness stats) write state that belongs to this block.
      for (const listener of this.listeners) listener(block);
      this.state.seal(number);
      this.append(block);
      made.push(block);
    }
    return made;
  }

  private alignedNow(): number {
    const now = this.clock();
    return now - (now % this.slotMs);
  }

  private buildBlock(
    number: number,
    timestamp: number,
    parentHash: string,
    transactions: StoredTransaction[],
    producer: BlockProducer,
    sign: boolean,
  ): Block {
    const leaves = transactions.map((tx) => sha256(encodeSignedTransaction(tx.rawDataHex, tx.signatures)));
    const header = {
      number,
      timestamp,
      parentHash,
      txTrieRoot: merkleRoot(leaves),
      witnessAddress: producer.address,
      version: number === 0 ? 0 : BLOCK_VERSION,
    };
    const blockID = blockIdOf(header);
    const witnessSignature = sign ? signDigest(sha256(encodeBlockHeaderRaw(header)).toString('hex'), producer.privateKey) : '';
    return { ...header, witnessSignature, blockID, transactions };
  }

  private append(block: Block): void {
    this.blocks.push(block);
    this.byId.set(block.blockID, block);
    this.recentRefs[block.number & 0xffff] = block.blockID.slice(16, 32);
    this.state.solidify(this.solidNumber());
  }
}
