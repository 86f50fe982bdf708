import { hexToBase58 } from '../address';
import type { BlockJson, LogJson, TransactionInfoJson, TransactionJson } from '../chain-json.types';
import { extractBlockTransfers, extractTransfers } from './extract-transfers';
import { TRANSFER_TOPIC } from './transfer-log';

const USDT_HEX = '41a614f803b6fd780986a42c78ec9c7f77e6ded13c';
const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const APPROVAL_TOPIC = '8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925';
const ALICE = '41' + '11'.repeat(20);
const BOB = '41' + '22'.repeat(20);
const CAROL = '41' + '33'.repeat(20);
const SPENDER = '41' + '44'.repeat(20);
const FAKE_USDT = '41' + '55'.repeat(20);
const BLOCK_NUMBER = 71_234_567;
const BLOCK_TIME = 1_745_000_000_000;

const txId = (n: number) => n.toString(16).padStart(64, '0');
const word = (hex: string) => hex.padStart(64, '0');
const topicOf = (address: string) => word(address.slice(2));
const amountWord = (n: bigint) => word(n.toString(16));

function transferLog(contract: string, from: string, to: string, amount: bigint): LogJson {
  return { address: contract.slice(2), topics: [TRANSFER_TOPIC, topicOf(from), topicOf(to)], data: amountWord(amount) };
}

function tx(id: string, type: string, value: Record<string, unknown>, contractRet = 'SUCCESS'): TransactionJson {
  return {
    txID: id,
    raw_data: { contract: [{ type, parameter: { type_url: `type.googleapis.com/protocol.${type}`, value } }], ref_block_bytes: '1234', ref_block_hash: 'abcdef0123456789', expiration: BLOCK_TIME + 60_000 },
    signature: ['00'.repeat(65)],
    ret: [{ contractRet }],
  };
}

function trigger(id: string, owner: string, contract: string, contractRet = 'SUCCESS'): TransactionJson {
  return tx(id, 'TriggerSmartContract', { owner_address: owner, contract_address: contract, data: 'a9059cbb' }, contractRet);
}

function block(...transactions: TransactionJson[]): BlockJson {
  return { blockID: word('1'), block_header: { raw_data: { number: BLOCK_NUMBER, timestamp: BLOCK_TIME } }, transactions };
}

function info(id: string, log?: LogJson[], result = 'SUCCESS'): TransactionInfoJson {
  return {
    id,
    fee: 6_428_500,
    blockNumber: BLOCK_NUMBER,
    blockTimeStamp: BLOCK_TIME,
    contractResult: [result === 'SUCCESS' ? word('') : ''],
    receipt: { energy_usage_total: 64_285, energy_fee: 6_428_500, net_usage: 345, result },
    ...(log ? { log } : {}),
    ...(result === 'SUCCESS' ? {} : { result: 'FAILED' }),
  };
}

describe('extractTransfers: TRX and TRC10', () => {
  it('reports a TRX TransferContract with logIndex -1, base58 addresses and a bigint amount', () => {
    const t = tx(txId(1), 'TransferContract', { owner_address: ALICE, to_address: BOB, amount: 12_500_000 });
    expect(extractTransfers(block(t), [info(txId(1))])).toEqual([
      { txId: txId(1), logIndex: -1, token: { kind: 'TRX' }, from: hexToBase58(ALICE), to: hexToBase58(BOB), amount: 12_500_000n, blockNumber: BLOCK_NUMBER, blockTime: BLOCK_TIME, status: 'SUCCESS' },
    ]);
  });

  it('reads base58 addresses of a visible=true answer, and a TRX transfer needs no info', () => {
    const t = { ...tx(txId(2), 'TransferContract', { owner_address: hexToBase58(ALICE), to_address: hexToBase58(BOB), amount: 1 }), visible: true };
    expect(extractTransfers(block(t), [])).toMatchObject([{ from: hexToBase58(ALICE), to: hexToBase58(BOB), amount: 1n, status: 'SUCCESS' }]);
  });

  it('still reports a TRX transfer whose contractRet is not SUCCESS, with that status (the scanner filters)', () => {
    const t = tx(txId(3), 'TransferContract', { owner_address: ALICE, to_address: BOB, amount: 5 }, 'OUT_OF_TIME');
    expect(extractTransfers(block(t), [])).toMatchObject([{ token: { kind: 'TRX' }, status: 'OUT_OF_TIME' }]);
  });

  it('gives UNKNOWN (never SUCCESS) when neither ret nor a receipt says how it ended', () => {
    const t = { ...tx(txId(4), 'TransferContract', { owner_address: ALICE, to_address: BOB, amount: 5 }), ret: undefined };
    expect(extractTransfers(block(t), [])).toMatchObject([{ status: 'UNKNOWN' }]);
  });

  it('reports TRC10 as TRC10 with the decoded asset id, and a TRC10 named "USDT" is still TRC10', () => {
    const byId = tx(txId(5), 'TransferAssetContract', { asset_name: Buffer.from('1002000').toString('hex'), owner_address: ALICE, to_address: BOB, amount: 7 });
    const named = tx(txId(6), 'TransferAssetContract', { asset_name: Buffer.from('USDT').toString('hex'), owner_address: ALICE, to_address: BOB, amount: 8 });
    const visible = { ...tx(txId(7), 'TransferAssetContract', { asset_name: '1002000', owner_address: hexToBase58(ALICE), to_address: hexToBase58(BOB), amount: 9 }), visible: true };
    const out = extractTransfers(block(byId, named, visible), []);
    expect(out.map((t) => [t.token, t.amount, t.logIndex])).toEqual([
      [{ kind: 'TRC10', assetId: '1002000' }, 7n, -1],
      [{ kind: 'TRC10', assetId: 'USDT' }, 8n, -1],
      [{ kind: 'TRC10', assetId: '1002000' }, 9n, -1],
    ]);
  });

  it('skips (and counts) amounts JSON.parse could not hold exactly, and malformed contracts, naming the recipient when readable', () => {
    const unsafe = tx(txId(8), 'TransferContract', { owner_address: ALICE, to_address: BOB, amount: 2 ** 60 });
    const noTo = tx(txId(9), 'TransferContract', { owner_address: ALICE, amount: 1 });
    const exact = tx(txId(10), 'TransferContract', { owner_address: ALICE, to_address: BOB, amount: '1152921504606846976' });
    const out = extractBlockTransfers(block(unsafe, noTo, exact), []);
    expect(out.transfers).toMatchObject([{ txId: txId(10), amount: 2n ** 60n }]);
    expect(out.skipped).toEqual([
      { txId: txId(8), logIndex: -1, reason: 'unsafe-amount', to: hexToBase58(BOB) },
      { txId: txId(9), logIndex: -1, reason: 'malformed-contract' },
    ]);
  });
});

describe('extractTransfers: TRC20 by Transfer logs', () => {
  it('reads a mainnet-shaped USDT transfer: SUCCESS from the receipt though contractResult is false', () => {
    // The field set and spelling of java-tron's gettransactioninfobyblocknum for a USDT transfer:
    // contract_address with 41, log.address without; USDT's transfer() returns an all-zero word.
    const id = 'c3b6f6d1f1d8b7b9d0e2a4c5e8f8a6b4c2d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7';
    const from = '41d8dd39e2dea27a40001884901735e3940829bb44';
    const to = '41bcb8213a5a5d5ec7c1a9b0b4d8b3f9e5e2c2e1d0';
    const realInfo: TransactionInfoJson = {
      id,
      fee: 13_844_850,
      blockNumber: BLOCK_NUMBER,
      blockTimeStamp: BLOCK_TIME,
      contractResult: ['0000000000000000000000000000000000000000000000000000000000000000'],
      contract_address: USDT_HEX,
      receipt: { energy_fee: 13_499_850, energy_usage_total: 130_285, net_fee: 345_000, result: 'SUCCESS', energy_penalty_total: 100_635 } as TransactionInfoJson['receipt'],
      log: [
        {
          address: 'a614f803b6fd780986a42c78ec9c7f77e6ded13c',
          topics: [
            'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
            '000000000000000000000000d8dd39e2dea27a40001884901735e3940829bb44',
            '000000000000000000000000bcb8213a5a5d5ec7c1a9b0b4d8b3f9e5e2c2e1d0',
          ],
          data: '00000000000000000000000000000000000000000000000000000002540be400',
        },
      ],
    };
    const out = extractTransfers(block(trigger(id, from, USDT_HEX)), [realInfo]);
    expect(out).toEqual([
      { txId: id, logIndex: 0, token: { kind: 'TRC20', contract: USDT }, from: hexToBase58(from), to: hexToBase58(to), amount: 10_000_000_000n, blockNumber: BLOCK_NUMBER, blockTime: BLOCK_TIME, status: 'SUCCESS' },
    ]);
  });

  it('takes the payer from the log, not the transaction owner (transferFrom by a spender)', () => {
    const id = txId(20);
    const out = extractTransfers(block(trigger(id, SPENDER, USDT_HEX)), [info(id, [transferLog(USDT_HEX, ALICE, BOB, 3n)])]);
    expect(out).toMatchObject([{ from: hexToBase58(ALICE), to: hexToBase58(BOB), amount: 3n, logIndex: 0 }]);
  });

  it('reports every Transfer log of a batch sender, indexed by position in the log array (other events count)', () => {
    const id = txId(21);
    const logs = [
      { address: USDT_HEX.slice(2), topics: [APPROVAL_TOPIC, topicOf(ALICE), topicOf(SPENDER)], data: amountWord(10n) },
      transferLog(USDT_HEX, ALICE, BOB, 4n),
      transferLog(USDT_HEX, ALICE, CAROL, 5n),
      transferLog(FAKE_USDT, ALICE, CAROL, 6n),
    ];
    const out = extractTransfers(block(trigger(id, SPENDER, '41' + '66'.repeat(20))), [info(id, logs)]);
    expect(out.map((t) => [t.logIndex, t.token, t.to, t.amount])).toEqual([
      [1, { kind: 'TRC20', contract: USDT }, hexToBase58(BOB), 4n],
      [2, { kind: 'TRC20', contract: USDT }, hexToBase58(CAROL), 5n],
      [3, { kind: 'TRC20', contract: hexToBase58(FAKE_USDT) }, hexToBase58(CAROL), 6n],
    ]);
  });

  it('decodes address words that carry the 41 byte, and uint256 amounts past 2^64', () => {
    const id = txId(22);
    const max = 2n ** 256n - 1n;
    const log = { address: USDT_HEX.slice(2), topics: [TRANSFER_TOPIC, word(ALICE), word(BOB)], data: amountWord(max) };
    expect(extractTransfers(block(trigger(id, ALICE, USDT_HEX)), [info(id, [log])])).toMatchObject([
      { from: hexToBase58(ALICE), to: hexToBase58(BOB), amount: max },
    ]);
  });

  it('reads an old-style Transfer with nothing indexed (from, to, amount all in data)', () => {
    const id = txId(23);
    const log = { address: USDT_HEX.slice(2), topics: [TRANSFER_TOPIC], data: topicOf(ALICE) + topicOf(BOB) + amountWord(9n) };
    expect(extractTransfers(block(trigger(id, ALICE, USDT_HEX)), [info(id, [log])])).toMatchObject([{ from: hexToBase58(ALICE), to: hexToBase58(BOB), amount: 9n }]);
  });

  it('accepts log addresses spelled with 41 or 0x, and upper-case hex', () => {
    const id = txId(24);
    const logs = [
      { ...transferLog(USDT_HEX, ALICE, BOB, 1n), address: USDT_HEX },
      { ...transferLog(USDT_HEX, ALICE, BOB, 2n), address: '0x' + USDT_HEX.slice(2).toUpperCase() },
    ];
    const out = extractTransfers(block(trigger(id, ALICE, USDT_HEX)), [info(id, logs)]);
    expect(out.map((t) => t.token)).toEqual([{ kind: 'TRC20', contract: USDT }, { kind: 'TRC20', contract: USDT }]);
  });

  it('produces nothing for REVERT and OUT_OF_ENERGY (no logs), and never SUCCESS for a failed transaction', () => {
    const reverted = trigger(txId(30), ALICE, USDT_HEX, 'REVERT');
    const starved = trigger(txId(31), ALICE, USDT_HEX, 'OUT_OF_ENERGY');
    const forged = trigger(txId(32), ALICE, USDT_HEX, 'REVERT');
    const infos = [
      info(txId(30), undefined, 'REVERT'),
      info(txId(31), undefined, 'OUT_OF_ENERGY'),
      info(txId(32), [transferLog(USDT_HEX, ALICE, BOB, 1n)], 'REVERT'),
    ];
    const out = extractTransfers(block(reverted, starved, forged), infos);
    expect(out).toMatchObject([{ txId: txId(32), status: 'REVERT' }]);
    expect(out.some((t) => t.status === 'SUCCESS')).toBe(false);
  });

  it('trusts a failing receipt over a SUCCESS contractRet, and info.result FAILED alone', () => {
    const a = trigger(txId(33), ALICE, USDT_HEX);
    const b = trigger(txId(34), ALICE, USDT_HEX);
    const infoB: TransactionInfoJson = { id: txId(34), result: 'FAILED', log: [transferLog(USDT_HEX, ALICE, BOB, 1n)] };
    const out = extractTransfers(block(a, b), [info(txId(33), [transferLog(USDT_HEX, ALICE, BOB, 1n)], 'OUT_OF_ENERGY'), infoB]);
    expect(out.map((t) => t.status)).toEqual(['OUT_OF_ENERGY', 'FAILED']);
  });

  it('matches infos to transactions by id, whatever their order', () => {
    const t1 = trigger(txId(40), ALICE, USDT_HEX);
    const t2 = trigger(txId(41), BOB, USDT_HEX);
    const infos = [info(txId(41), [transferLog(USDT_HEX, BOB, CAROL, 2n)]), info(txId(40), [transferLog(USDT_HEX, ALICE, CAROL, 1n)])];
    expect(extractTransfers(block(t1, t2), infos).map((t) => [t.txId, t.amount])).toEqual([
      [txId(40), 1n],
      [txId(41), 2n],
    ]);
  });

  it('skips malformed, dirty-address and TRC721 Transfer logs and says why (and to whom, when readable); a contract call without info is flagged', () => {
    const id = txId(50);
    const logs: LogJson[] = [
      { address: USDT_HEX.slice(2), topics: [TRANSFER_TOPIC, 'ff' + topicOf(ALICE).slice(2), topicOf(BOB)], data: amountWord(1n) },
      { address: USDT_HEX.slice(2), topics: [TRANSFER_TOPIC, topicOf(ALICE), topicOf(BOB), word('7')] },
      { address: USDT_HEX.slice(2), topics: [TRANSFER_TOPIC, topicOf(ALICE), topicOf(BOB)], data: '01' },
      { address: 'nothex', topics: [TRANSFER_TOPIC, topicOf(ALICE), topicOf(BOB)], data: amountWord(1n) },
      transferLog(USDT_HEX, ALICE, BOB, 11n),
      // The recipient itself unreadable; an old-style log (all in data) one word short.
      { address: USDT_HEX.slice(2), topics: [TRANSFER_TOPIC, topicOf(ALICE), 'ff' + topicOf(CAROL).slice(2)], data: amountWord(1n) },
      { address: USDT_HEX.slice(2), topics: [TRANSFER_TOPIC], data: topicOf(ALICE) + topicOf(CAROL) },
    ];
    const out = extractBlockTransfers(block(trigger(id, ALICE, USDT_HEX), trigger(txId(51), ALICE, USDT_HEX)), [info(id, logs)]);
    expect(out.transfers).toMatchObject([{ logIndex: 4, amount: 11n }]);
    const bob = hexToBase58(BOB);
    expect(out.skipped).toEqual([
      { txId: id, logIndex: 0, reason: 'malformed-log', to: bob },
      { txId: id, logIndex: 1, reason: 'not-fungible', to: bob },
      { txId: id, logIndex: 2, reason: 'malformed-log', to: bob },
      { txId: id, logIndex: 3, reason: 'malformed-log', to: bob },
      { txId: id, logIndex: 5, reason: 'malformed-log' },
      { txId: id, logIndex: 6, reason: 'malformed-log', to: hexToBase58(CAROL) },
      { txId: txId(51), logIndex: -1, reason: 'missing-info' },
    ]);
  });

  it('flags infos of another block (a fork switch between the two calls) instead of using them', () => {
    const t = trigger(txId(60), ALICE, USDT_HEX);
    const stale = { ...info(txId(60), [transferLog(USDT_HEX, ALICE, BOB, 1n)]), blockNumber: BLOCK_NUMBER - 1 };
    const stray = info(txId(61), [transferLog(USDT_HEX, ALICE, BOB, 2n)]);
    const out = extractBlockTransfers(block(t), [stale, stray]);
    expect(out.transfers).toEqual([]);
    expect(out.skipped).toEqual([
      { txId: txId(60), logIndex: -1, reason: 'info-mismatch' },
      { txId: txId(60), logIndex: -1, reason: 'missing-info' },
      { txId: txId(61), logIndex: -1, reason: 'orphan-info' },
    ]);
  });

  it('returns nothing for an empty block or one without transactions', () => {
    expect(extractTransfers({ blockID: word('2'), block_header: { raw_data: { number: 1 } } }, [])).toEqual([]);
    expect(extractTransfers(block(), [])).toEqual([]);
  });
});
