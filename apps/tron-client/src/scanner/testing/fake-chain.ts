import { createHash } from 'node:crypto';
import type { BlockJson, TransactionInfoJson, TransactionJson } from '@tronpay/tron';
import { base58ToHex } from '@tronpay/tron';
import type { BlockHeader, ChainReader } from '../chain-reader';
import { headerOf } from '../chain-reader';

const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const word = (hex: string) => hex.padStart(64, '0');
const hexOf = (base58: string) => base58ToHex(base58) as string;

export interface FakeTx {
  tx: TransactionJson;
  info?: TransactionInfoJson;
}

/** A TRX transfer as java-tron writes it. */
export function trxTx(id: string, from: string, to: string, sun: number, ret = 'SUCCESS'): FakeTx {
  return {
    tx: {
      txID: id,
      raw_data: { contract: [{ type: 'TransferContract', parameter: { value: { owner_address: hexOf(from), to_address: hexOf(to), amount: sun } } }] },
      ret: [{ contractRet: ret }],
    },
  };
}

/** A contract call whose info carries the given TRC20 Transfer logs (a multi-sender, say). */
export function trc20Tx(id: string, caller: string, contract: string, logs: Array<{ from: string; to: string; amount: bigint }>): FakeTx {
  return {
    tx: {
      txID: id,
      raw_data: { contract: [{ type: 'TriggerSmartContract', parameter: { value: { owner_address: hexOf(caller), contract_address: hexOf(contract) } } }] },
      ret: [{ contractRet: 'SUCCESS' }],
    },
    info: {
      id,
      receipt: { result: 'SUCCESS' },
      log: logs.map((l) => ({
        address: hexOf(contract).slice(2),
        topics: [TRANSFER_TOPIC, word(hexOf(l.from).slice(2)), word(hexOf(l.to).slice(2))],
        data: word(l.amount.toString(16)),
      })),
    },
  };
}

export const txId = (seed: string) => createHash('sha256').update(seed).digest('hex');

/**
 * An in-memory chain for the scanner: blocks appended or replaced at will (reorgs), a solid
 * height set by hand. Typed as the ChainReader the scanner reads through.
 */
export class FakeChain {
  readonly blocksByNumber: BlockJson[] = [];
  readonly infosByNumber: TransactionInfoJson[][] = [];
  solid = 0;
  private salt = 0;

  constructor() {
    this.append([]);
  }

  /** Appends a block on top of the current head. */
  append(txs: FakeTx[]): BlockHeader {
    const n = this.blocksByNumber.length;
    const parent = n === 0 ? '0'.repeat(64) : (this.blocksByNumber[n - 1].blockID as string);
    const hash = n.toString(16).padStart(16, '0') + txId(`${n}:${parent}:${this.salt++}`).slice(16);
    this.blocksByNumber.push({
      blockID: hash,
      block_header: { raw_data: { number: n, parentHash: parent, timestamp: 1_700_000_000_000 + n * 3000 } },
      transactions: txs.map((t) => t.tx),
    });
    this.infosByNumber.push(txs.map((t) => t.info ?? { id: t.tx.txID, receipt: { result: t.tx.ret?.[0]?.contractRet ?? 'SUCCESS' } }));
    return headerOf(this.blocksByNumber[n]);
  }

  /** Drops blocks above `keep` (a reorg); append the new branch after. */
  truncate(keep: number): void {
    this.blocksByNumber.length = keep + 1;
    this.infosByNumber.length = keep + 1;
  }

  get head(): number {
    return this.blocksByNumber.length - 1;
  }

  asReader(): ChainReader {
    const reader: Omit<ChainReader, 'pool'> = {
      headNumber: async () => this.head,
      solidNumber: async () => this.solid,
      header: async (n) => headerOf(this.blocksByNumber[n]),
      block: async (n) => this.blocksByNumber[n],
      blocks: async (start, end) => this.blocksByNumber.slice(start, end),
      infos: async (n) => this.infosByNumber[n],
    };
    return reader as unknown as ChainReader;
  }
}
