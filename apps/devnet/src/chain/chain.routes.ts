import { decodeSignedTransaction, encodeRawData, isHexString, txIdOf, type RawDataJson } from '@tronpay/tron';
import { ApiError, BroadcastError } from '../chain/chain.errors';
import type { ApiRequest } from '../http/api-request';
import type { Router } from '../http/router';
import type { TransactionProcessor } from '../tx/transaction-processor';
import { blockJson, transactionInfoJson, transactionJson } from './chain-json';
import type { Chain } from './chain.service';
import type { Block, StoredTransaction } from './chain.types';
import { toVisible } from './json-view';

const MAX_BLOCK_RANGE = 100;

function view(req: ApiRequest, body: unknown): unknown {
  return req.visible ? toVisible(body) : body;
}

function hexMessage(message: string): string {
  return Buffer.from(message, 'utf8').toString('hex');
}

/** Blocks, transactions and broadcasting: the java-tron endpoints tronweb and the scanner read. */
export function registerChainRoutes(router: Router, chain: Chain, processor: TransactionProcessor): void {
  const top = (req: ApiRequest): number => (req.solid ? chain.solidNumber() : chain.head().number);
  const blockAt = (req: ApiRequest, n: number): Block | undefined => (n <= top(req) ? chain.blockByNumber(n) : undefined);
  const txVisible = (req: ApiRequest, txID: string): StoredTransaction | undefined => {
    const tx = chain.transaction(txID);
    if (!tx) return undefined;
    if (req.solid && (tx.blockNumber === undefined || tx.blockNumber > chain.solidNumber())) return undefined;
    return tx;
  };

  router.addRead('getnowblock', (req) => view(req, blockJson(chain.blockByNumber(top(req)) as Block)));

  // tronweb asks `getblock {"detail": false}` for its reference block; `id_or_num` picks another.
  router.addRead('getblock', (req) => {
    const idOrNum = req.has('id_or_num') ? String(req.params.id_or_num) : '';
    let block: Block | undefined;
    if (!idOrNum) block = chain.blockByNumber(top(req));
    else if (/^\d+$/.test(idOrNum)) block = blockAt(req, Number(idOrNum));
    else if (/^[0-9a-fA-F]{64}$/.test(idOrNum)) {
      block = chain.blockById(idOrNum);
      if (block && block.number > top(req)) block = undefined;
    } else throw new ApiError(`invalid id_or_num ${idOrNum}`);
    return block ? view(req, blockJson(block, req.bool('detail'))) : {};
  });

  router.addRead('getblockbynum', (req) => {
    const num = req.int('num');
    const block = blockAt(req, num);
    return block ? view(req, blockJson(block)) : {};
  });

  router.addRead('getblockbyid', (req) => {
    const id = req.string('value');
    if (!/^[0-9a-fA-F]{64}$/.test(id)) throw new ApiError(`invalid block id ${id}`);
    const block = chain.blockById(id);
    return block && block.number <= top(req) ? view(req, blockJson(block)) : {};
  });

  router.addRead('getblockbylimitnext', (req) => {
    const start = req.int('startNum');
    const end = req.int('endNum');
    if (start < 0 || end <= start || end - start > MAX_BLOCK_RANGE) return {};
    const blocks: unknown[] = [];
    for (let n = start; n < end; n++) {
      const b = blockAt(req, n);
      if (b) blocks.push(blockJson(b));
    }
    return blocks.length ? view(req, { block: blocks }) : {};
  });

  router.addRead('getblockbylatestnum', (req) => {
    const num = req.int('num');
    if (num <= 0 || num > MAX_BLOCK_RANGE) return {};
    const blocks: unknown[] = [];
    for (let n = Math.max(0, top(req) - num + 1); n <= top(req); n++) blocks.push(blockJson(chain.blockByNumber(n) as Block));
    return view(req, { block: blocks });
  });

  router.addRead('gettransactionbyid', (req) => {
    const tx = txVisible(req, req.string('value'));
    return tx ? view(req, { visible: req.visible, ...transactionJson(tx) }) : {};
  });

  router.addRead('gettransactioninfobyid', (req) => {
    const tx = txVisible(req, req.string('value'));
    return tx && tx.blockNumber !== undefined ? view(req, transactionInfoJson(tx)) : {};
  });

  router.addRead('gettransactioninfobyblocknum', (req) => {
    const block = blockAt(req, req.int('num'));
    return block ? view(req, block.transactions.map(transactionInfoJson)) : [];
  });

  router.addRead('gettransactioncountbyblocknum', (req) => {
    const block = blockAt(req, req.int('num'));
    return { count: block ? block.transactions.length : 0 };
  });

  router.add('/wallet/broadcasttransaction', (req) => {
    let raw = req.params.raw_data_hex;
    const sigs = req.params.signature;
    // java-tron reads raw_data (JSON); clients that send only that get it encoded the same way.
    if (raw === undefined && req.params.raw_data && typeof req.params.raw_data === 'object') {
      try {
        raw = encodeRawData(req.params.raw_data as RawDataJson, req.visible).rawDataHex;
      } catch (e) {
        throw new ApiError(`invalid raw_data: ${(e as Error).message}`, 'com.alibaba.fastjson.JSONException');
      }
    }
    // Hex is checked where it is decoded (TransactionProcessor.prepare), not with a regex here.
    if (typeof raw !== 'string' || raw.length === 0) {
      throw new ApiError('raw_data_hex is required', 'java.lang.IllegalArgumentException');
    }
    const signatures = Array.isArray(sigs) ? sigs : [];
    if (!signatures.every((s) => typeof s === 'string' && isHexString(s))) {
      throw new ApiError('signature must be a list of hex strings', 'com.alibaba.fastjson.JSONException');
    }
    return broadcast(processor, raw.replace(/^0x/, '').toLowerCase(), signatures.map((s: string) => s.replace(/^0x/, '').toLowerCase()));
  });

  router.add('/wallet/broadcasthex', (req) => {
    const hex = req.string('transaction');
    let decoded: { rawDataHex: string; signatures: string[] };
    try {
      if (!isHexString(hex) || hex.length === 0) throw new Error('not hex');
      decoded = decodeSignedTransaction(hex.replace(/^0x/, ''));
    } catch (e) {
      throw new ApiError(`invalid transaction: ${(e as Error).message}`);
    }
    // BroadcastHexServlet prints the Return itself: result, code, message as text, the transaction
    // (JsonFormat with visible=true) as a string, then txid.
    const transaction = JSON.stringify(toVisible({ raw_data: processor.decode(decoded.rawDataHex).rawData, signature: decoded.signatures }));
    return processor.pushAsync(decoded).then(
      (tx) => ({ result: true, code: 'SUCCESS', message: '', transaction, txid: tx.txID }),
      (e: unknown) => {
        if (!(e instanceof BroadcastError)) throw e;
        return { result: false, code: e.code, message: e.message, transaction, txid: txIdOf(decoded.rawDataHex) };
      },
    );
  });
}

interface BroadcastAnswer {
  result?: boolean;
  code?: string;
  txid: string;
  message?: string;
}

/** java-tron's answer: `{result: true, txid}` or `{code, txid, message}` with the message hex-encoded. */
function broadcast(processor: TransactionProcessor, rawDataHex: string, signatures: string[]): Promise<BroadcastAnswer> {
  return processor.pushAsync({ rawDataHex, signatures }).then(
    (tx): BroadcastAnswer => ({ result: true, txid: tx.txID }),
    (e: unknown) => {
      // Wallet.broadcastTransaction's Return, printed by BroadcastServlet: code, message (bytes, so hex), then txid.
    if (e instanceof BroadcastError) {
      return e.message ? { code: e.code, message: hexMessage(e.message), txid: txIdOf(rawDataHex) } : { code: e.code, txid: txIdOf(rawDataHex) };
    }
      throw e;
    },
  );
}
