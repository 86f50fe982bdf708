import { readFileSync } from 'node:fs';
import type { Block, StoredTransaction } from '../chain/chain.types';
import type { DevnetNode } from '../devnet-node';

interface RecordedLine {
  block: {
    blockID: string;
    block_header: { raw_data: { number?: number; timestamp?: number; parentHash?: string; txTrieRoot?: string; witness_address?: string } };
    transactions?: Array<{ txID: string; raw_data_hex?: string; signature?: string[]; raw_data: StoredTransaction['rawData']; ret?: Array<{ contractRet?: string }> }>;
  };
  transactionInfos?: Array<Record<string, unknown> & { id: string }>;
}

/**
 * Replaces the produced chain by a recorded one: one JSON object per line,
 * `{"block": <getblockbynum answer>, "transactionInfos": [<gettransactioninfobyblocknum answer>]}`,
 * in ascending block order. Blocks and infos are served verbatim; no blocks are produced.
 */
export function loadReplay(node: DevnetNode, file: string): number {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  if (lines.length === 0) throw new Error(`replay file ${file} holds no blocks`);
  node.chain.reset();
  lines.forEach((line, i) => {
    let rec: RecordedLine;
    try {
      rec = JSON.parse(line) as RecordedLine;
    } catch (e) {
      throw new Error(`replay file ${file} line ${i + 1}: ${(e as Error).message}`);
    }
    const raw = rec.block.block_header.raw_data;
    const number = raw.number ?? 0;
    const timestamp = raw.timestamp ?? 0;
    const infos = new Map((rec.transactionInfos ?? []).map((info) => [info.id, info]));
    const transactions: StoredTransaction[] = (rec.block.transactions ?? []).map((t) => ({
      txID: t.txID,
      rawData: t.raw_data,
      rawDataHex: t.raw_data_hex ?? '',
      signatures: t.signature ?? [],
      result: { contractRet: (t.ret?.[0]?.contractRet as 'SUCCESS') ?? 'SUCCESS', fee: 0n, receipt: {} },
      blockNumber: number,
      blockTimeStamp: timestamp,
      recorded: { tx: t as unknown as Record<string, unknown>, info: infos.get(t.txID) },
    }));
    const block: Block = {
      number,
      timestamp,
      parentHash: raw.parentHash ?? '',
      txTrieRoot: raw.txTrieRoot ?? '',
      witnessAddress: raw.witness_address ?? '',
      witnessSignature: '',
      blockID: rec.block.blockID,
      transactions,
      recorded: { block: rec.block as unknown as Record<string, unknown>, infos: rec.transactionInfos ?? [] },
    };
    node.chain.appendRecorded(block);
  });
  return lines.length;
}
