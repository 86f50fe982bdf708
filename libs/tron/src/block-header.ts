import { sha256 } from './hash';
import { fromHex } from './hex';
import { lengthDelimited, varintField } from './protobuf-writer';

export interface BlockHeaderRaw {
  timestamp: number;
  txTrieRoot: string;
  parentHash: string;
  number: number;
  witnessAddress: string;
  version: number;
}

/** protocol.BlockHeader.raw in field order, proto3 defaults left out. */
export function encodeBlockHeaderRaw(h: BlockHeaderRaw): Buffer {
  const parts: Buffer[] = [];
  if (h.timestamp) parts.push(varintField(1, h.timestamp));
  const trie = fromHex(h.txTrieRoot);
  if (trie.length) parts.push(lengthDelimited(2, trie));
  const parent = fromHex(h.parentHash);
  if (parent.length) parts.push(lengthDelimited(3, parent));
  if (h.number) parts.push(varintField(7, h.number));
  const witness = fromHex(h.witnessAddress);
  if (witness.length) parts.push(lengthDelimited(9, witness));
  if (h.version) parts.push(varintField(10, h.version));
  return Buffer.concat(parts);
}

/** java-tron's block id: the 8-byte big-endian number followed by bytes 8..32 of sha256(raw header). */
export function blockIdOf(h: BlockHeaderRaw): string {
  const hash = sha256(encodeBlockHeaderRaw(h));
  const num = Buffer.alloc(8);
  num.writeBigUInt64BE(BigInt(h.number));
  return Buffer.concat([num, hash.subarray(8)]).toString('hex');
}

/** Merkle root over sha256 leaves, an odd node carried up unpaired (java-tron's MerkleTree); zeros when empty. */
export function merkleRoot(leaves: readonly Buffer[]): string {
  if (leaves.length === 0) return '00'.repeat(32);
  let level = leaves.slice();
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? sha256(Buffer.concat([level[i], level[i + 1]])) : level[i]);
    }
    level = next;
  }
  return level[0].toString('hex');
}
