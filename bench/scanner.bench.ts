// Scanner benchmark (a script, not a test): transactions scanned per second over a devnet chain
// of 1,000 blocks x 500 transactions (TRX, USDT, another token, REVERT and OUT_OF_ENERGY
// failures) with 100,000 watched addresses, beside a floor measured in the same run (JSON.parse
// alone over the very responses the scanner reads), and the lag from a block's production to its
// `deposit.detected` event on a live devnet (p50, p99).
// Run: node -r @swc-node/register bench/scanner.bench.ts
//   env: DATABASE_URL (a server where the bench may create a database; default postgres://postgres@127.0.0.1:5432/postgres),
//        REDIS_URL (default redis://127.0.0.1:6379), BENCH_BLOCKS (1000), BENCH_TXS (500), BENCH_WATCHED (100000), BENCH_LAG_ROUNDS (60)
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Client } from 'pg';
import { functionSelector, generateAccount, hexToBase58 } from '@tronpay/tron';
import { startDevnetProcess } from '@tronpay/testing';
import { createTronWeb } from '@tronpay/tron';
import { streamKeys } from '@tronpay/transport';
import { eventually, ScannerHarness } from '../apps/tron-client/src/scanner/testing/scanner-harness';

// A hand-run script, not a service: its few settings come straight from the environment.
// eslint-disable-next-line no-restricted-properties
const env = process.env;
const SERVER_URL = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BLOCKS = Number(env.BENCH_BLOCKS ?? 1000);
const TXS = Number(env.BENCH_TXS ?? 500);
const WATCHED = Number(env.BENCH_WATCHED ?? 100_000);
const LAG_ROUNDS = Number(env.BENCH_LAG_ROUNDS ?? 60);
const TRANSFER_SELECTOR = functionSelector('transfer(address,uint256)');
const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

const randomHexAddress = () => '41' + randomBytes(20).toString('hex');
const word = (hex: string) => hex.padStart(64, '0');
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `tronpay_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** java-tron JSON for one transaction and its info, of the kind given. */
function transaction(kind: 'trx' | 'usdt' | 'other' | 'revert' | 'oom', n: number, i: number, usdt: string, other: string, to: string) {
  const txID = randomBytes(32).toString('hex');
  const owner = randomHexAddress();
  const timestamp = 1_700_000_000_000 + n * 3000;
  const common = { ref_block_bytes: 'abcd', ref_block_hash: randomBytes(8).toString('hex'), expiration: timestamp + 60_000, timestamp };
  if (kind === 'trx') {
    const value = { owner_address: owner, to_address: to, amount: 1_000_000 + i };
    return {
      tx: { txID, raw_data: { contract: [{ type: 'TransferContract', parameter: { value } }], ...common }, ret: [{ contractRet: 'SUCCESS' }] },
      info: { id: txID, blockNumber: n, blockTimeStamp: timestamp, contractResult: [''], receipt: { net_usage: 268 } },
    };
  }
  const contract = kind === 'other' ? other : usdt;
  const amount = BigInt(1_000_000 + i);
  const data = TRANSFER_SELECTOR + word(to.slice(2)) + word(amount.toString(16));
  const value = { data, owner_address: owner, contract_address: contract };
  const failed = kind === 'revert' ? 'REVERT' : kind === 'oom' ? 'OUT_OF_ENERGY' : null;
  const tx = {
    txID,
    raw_data: { contract: [{ type: 'TriggerSmartContract', parameter: { value } }], ...common, fee_limit: 100_000_000 },
    ret: [{ contractRet: failed ?? 'SUCCESS' }],
  };
  const receipt = { energy_fee: 6_428_500, energy_usage_total: 64_285, net_usage: 345, result: failed ?? 'SUCCESS' };
  const info = failed
    ? { id: txID, fee: 440_600, blockNumber: n, blockTimeStamp: timestamp, contractResult: [''], contract_address: contract, receipt, result: 'FAILED', resMessage: '5245564552540a' }
    : {
        id: txID,
        fee: 6_773_500,
        blockNumber: n,
        blockTimeStamp: timestamp,
        contractResult: [word('1')],
        contract_address: contract,
        receipt,
        log: [{ address: contract.slice(2), topics: [TRANSFER_TOPIC, word(owner.slice(2)), word(to.slice(2))], data: word(amount.toString(16)) }],
      };
  return { tx, info };
}

/** Writes the replay file: one `{block, transactionInfos}` line per block. 1% of transfers go to watched addresses. */
async function writeChain(file: string, watchedHex: string[], usdt: string, other: string): Promise<{ deposits: number; bytes: number }> {
  const out = createWriteStream(file);
  let parent = '0'.repeat(64);
  let deposits = 0;
  let bytes = 0;
  const kinds: Array<'trx' | 'usdt' | 'other' | 'revert' | 'oom'> = [];
  for (const [k, share] of [['trx', 40], ['usdt', 35], ['other', 15], ['revert', 7], ['oom', 3]] as const) for (let i = 0; i < share; i++) kinds.push(k);
  for (let n = 0; n <= BLOCKS; n++) {
    const txs = [];
    const infos = [];
    for (let i = 0; n > 0 && i < TXS; i++) {
      const kind = pick(kinds);
      const watched = Math.random() < 0.01;
      if (watched && (kind === 'trx' || kind === 'usdt')) deposits++;
      const t = transaction(kind, n, i, usdt, other, watched ? pick(watchedHex) : randomHexAddress());
      txs.push(t.tx);
      infos.push(t.info);
    }
    const blockID = n.toString(16).padStart(16, '0') + randomBytes(24).toString('hex');
    const block = { blockID, block_header: { raw_data: { number: n, txTrieRoot: randomBytes(32).toString('hex'), witness_address: randomHexAddress(), parentHash: parent, version: 32, timestamp: 1_700_000_000_000 + n * 3000 }, witness_signature: randomBytes(65).toString('hex') }, ...(txs.length ? { transactions: txs } : {}) };
    parent = blockID;
    const line = JSON.stringify({ block, transactionInfos: infos }) + '\n';
    bytes += line.length;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return { deposits, bytes };
}

async function post(url: string, body: unknown): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.text();
}

async function throughput(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scanner-bench-'));
  const file = path.join(dir, 'chain.jsonl');
  const usdt = randomHexAddress();
  const other = randomHexAddress();
  const watchedHex = Array.from({ length: WATCHED }, randomHexAddress);
  const t0 = Date.now();
  const { deposits, bytes } = await writeChain(file, watchedHex, usdt, other);
  console.log(`chain: ${BLOCKS} blocks x ${TXS} transactions (${(bytes / 1e6).toFixed(0)} MB of JSON), ${deposits} deposits to ${WATCHED} watched addresses, written in ${Date.now() - t0} ms`);
  const devnet = await startDevnetProcess({ replayFile: file, solidLag: 18, readyTimeoutMs: 300_000 });
  try {
    // Floor: the same responses the scanner reads (batches of 50 blocks, infos per block), parsed and nothing else.
    const texts: string[] = [];
    const f0 = process.hrtime.bigint();
    for (let start = 1; start <= BLOCKS; start += 50) texts.push(await post(`${devnet.url}/wallet/getblockbylimitnext`, { startNum: start, endNum: Math.min(BLOCKS + 1, start + 50) }));
    for (let n = 1; n <= BLOCKS; n++) texts.push(await post(`${devnet.url}/wallet/gettransactioninfobyblocknum`, { num: n }));
    const fetchMs = Number(process.hrtime.bigint() - f0) / 1e6;
    const p0 = process.hrtime.bigint();
    let parsed = 0;
    for (const t of texts) parsed += (JSON.parse(t) as unknown[]) ? 1 : 0;
    const parseMs = Number(process.hrtime.bigint() - p0) / 1e6;
    const totalTx = BLOCKS * TXS;

    await withDatabase(async (databaseUrl) => {
      const prefix = `bench:${randomBytes(4).toString('hex')}:`;
      const h = new ScannerHarness({
        databaseUrl,
        redisUrl: REDIS_URL,
        redisPrefix: prefix,
        nodeUrls: [devnet.url],
        env: { USDT_CONTRACT: hexToBase58(usdt), TRON_NODE_TIMEOUT_MS: '30000', TRON_SCANNER_START_BLOCK: '1' },
      });
      await h.migrate();
      const watched = watchedHex.map(hexToBase58);
      for (let i = 0; i < watched.length; i += 10_000) {
        const chunk = watched.slice(i, i + 10_000);
        await h.database.pool.query(`insert into tron_client.watched_addresses (address, kind) select unnest($1::text[]), 'deposit'`, [chunk]);
      }
      const r = h.replica();
      const heapBefore = process.memoryUsage().heapUsed;
      await r.watch.ensureLoaded();
      const heapWatch = process.memoryUsage().heapUsed - heapBefore;
      const s0 = process.hrtime.bigint();
      r.scanner.start();
      await eventually(async () => (await h.cursor())?.head === BLOCKS, 600_000, 'the scanner at the last block');
      const scanMs = Number(process.hrtime.bigint() - s0) / 1e6;
      const credited = (await h.deposits()).length;
      const scanRate = totalTx / (scanMs / 1000);
      const parseRate = totalTx / (parseMs / 1000);
      console.log(`watched set: ${WATCHED} addresses, ~${(heapWatch / 1e6).toFixed(0)} MB of heap (${(heapWatch / WATCHED).toFixed(0)} B each)`);
      console.log(`scanner:   ${totalTx} transactions in ${(scanMs / 1000).toFixed(1)} s = ${Math.round(scanRate)} tx/s (${credited} deposits credited, expected ${deposits})`);
      console.log(`floor:     JSON.parse alone over the same ${texts.length} responses (${parsed} parsed): ${parseMs.toFixed(0)} ms = ${Math.round(parseRate)} tx/s`);
      console.log(`ratio:     ${(scanRate / parseRate).toFixed(3)} of the JSON.parse floor`);
      console.log(`for scale: fetching those responses from the devnet, one at a time, took ${(fetchMs / 1000).toFixed(1)} s = ${Math.round(totalTx / (fetchMs / 1000))} tx/s`);
      await h.close();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });
  } finally {
    await devnet.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** On a live devnet: mine a block holding a deposit, time until `deposit.detected` is on the stream. */
async function detectionLag(): Promise<void> {
  const POLL_MS = 200;
  const devnet = await startDevnetProcess({ solidLag: 18 });
  const reader = new Redis(REDIS_URL);
  try {
    await withDatabase(async (databaseUrl) => {
      const prefix = `bench:${randomBytes(4).toString('hex')}:`;
      const h = new ScannerHarness({
        databaseUrl,
        redisUrl: REDIS_URL,
        redisPrefix: prefix,
        nodeUrls: [devnet.url],
        env: { TRON_SCANNER_POLL_MS: String(POLL_MS), TRON_SCANNER_START_BLOCK: String((await devnet.info()).headBlock) },
      });
      await h.migrate();
      const r = h.replica();
      const to = generateAccount();
      await r.watch.add({ addresses: [to.base58], kind: 'deposit' });
      r.scanner.start();
      await eventually(async () => r.scanner.isLeader(), 10_000);
      const [payer] = await devnet.accounts();
      const tw = createTronWeb(devnet.url, payer.privateKey);
      const stream = streamKeys(prefix).event('deposit.detected');
      let last = '$';
      const lags: number[] = [];
      for (let i = 0; i < LAG_ROUNDS; i++) {
        await tw.trx.sendTransaction(to.base58, 1_000_000 + i);
        // A random phase against the poll, as blocks arrive on mainnet.
        await new Promise((res) => setTimeout(res, Math.random() * POLL_MS));
        await devnet.mine();
        const produced = performance.now();
        const got = await reader.xread('BLOCK', 10_000, 'STREAMS', stream, last);
        if (!got) throw new Error('no deposit.detected within 10 s');
        lags.push(performance.now() - produced);
        last = got[0][1][got[0][1].length - 1][0];
      }
      lags.sort((a, b) => a - b);
      const q = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))].toFixed(0);
      console.log(`detection lag (block produced -> deposit.detected on the stream), ${LAG_ROUNDS} blocks, poll ${POLL_MS} ms: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
      await h.close();
      const keys = await reader.keys(`${prefix}*`);
      if (keys.length) await reader.del(...keys);
    });
  } finally {
    reader.disconnect();
    await devnet.close();
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  await throughput();
  await detectionLag();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
