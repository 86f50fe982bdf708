import { Controller, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { Kysely } from 'kysely';
import { loadConfig } from '@tronpay/config';
import { BroadcastSchema, TX_CONFIRMED, TX_EXPIRED, TX_FAILED, TxBroadcastReply, TxEvent, TxView } from '@tronpay/models';
import { Database, RunningService, startService } from '@tronpay/runtime';
import { RedisStreamsClient, RedisStreamsServer, TransportRpcError } from '@tronpay/transport';
import {
  type BlockJson,
  buildTrc20Transfer,
  buildTrxTransfer,
  generateAccount,
  referenceBlockOf,
  signTransaction,
  toBroadcastHex,
  type SignedTransaction,
  type UnsignedTransaction,
} from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetAccount, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { BroadcasterModule } from './broadcaster.module';
import { FlakyNodeProxy } from './testing-proxy';

const events: Array<{ pattern: string; event: TxEvent }> = [];

@Controller()
class TxEventsListener {
  @EventPattern(TX_CONFIRMED)
  confirmed(@Payload() e: TxEvent) {
    events.push({ pattern: TX_CONFIRMED, event: e });
  }

  @EventPattern(TX_FAILED)
  failed(@Payload() e: TxEvent) {
    events.push({ pattern: TX_FAILED, event: e });
  }

  @EventPattern(TX_EXPIRED)
  expired(@Payload() e: TxEvent) {
    events.push({ pattern: TX_EXPIRED, event: e });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually<T>(check: () => Promise<T | false | undefined>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// The broadcaster on the devnet (a node process) behind a proxy that fails broadcasts on demand,
// real PostgreSQL and Redis; events read by a subscribing service as any consumer would.
describe('broadcaster on the devnet', () => {
  jest.setTimeout(30_000);
  const SOLID_LAG = 2;
  let devnet: DevnetProcess;
  let proxy: FlakyNodeProxy;
  let db: TestDatabase;
  let redis: TestRedis;
  let service: RunningService;
  let client: RedisStreamsClient;
  let listener: INestMicroservice;
  let accounts: DevnetAccount[];
  let usdt: string;
  let stamp = Date.now();

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: SOLID_LAG }), createTestDatabase(), createTestRedis()]);
    proxy = await new FlakyNodeProxy(devnet.url).start();
    accounts = await devnet.accounts();
    usdt = (await devnet.info()).usdtContract;
    const config = loadConfig('tron-client', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      TRON_NODE_URLS: proxy.url,
      // One try per send: a failed send is the follower's to repeat, which is what is proven here.
      TRON_NODE_RETRIES: '1',
      TRON_NODE_TIMEOUT_MS: '2000',
      TRON_NODE_RATE_LIMIT: '100000',
      TRON_NODE_BREAKER_FAILURES: '50',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const fast = { followIntervalMs: 100, checkIntervalMs: 100, resendBaseMs: 100, resendMaxMs: 300, claimLeaseMs: 5000, rebroadcastMs: 60_000 };
    service = await startService(config, [BroadcasterModule.withOptions(fast)], { logger: false });

    const server = new RedisStreamsServer({ url: redis.url, prefix: redis.prefix, service: 'payout', consumer: 'spec', blockMs: 100, claimIntervalMs: 200 });
    listener = await NestFactory.createMicroservice({ module: class ListenerModule {}, controllers: [TxEventsListener] }, { strategy: server, logger: false });
    await listener.listen();
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 15_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await listener?.close();
    await service?.close();
    await proxy?.close();
    await devnet?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const kysely = () => service.app.get(Database).db as unknown as Kysely<BroadcastSchema>;
  const ctx = async (expirationMs?: number) => {
    const head = (await (await fetch(`${devnet.url}/wallet/getblock`, { method: 'POST', body: '{"detail":false}' })).json()) as BlockJson;
    return { ref: referenceBlockOf(head), timestamp: ++stamp, expirationMs };
  };
  const signed = (tx: UnsignedTransaction, key: string): SignedTransaction => signTransaction(tx, key);
  const trxTransfer = async (from: DevnetAccount, sun: bigint, expirationMs?: number) =>
    signed(buildTrxTransfer({ from: from.address, to: generateAccount().base58, amount: sun }, await ctx(expirationMs)), from.privateKey);
  const broadcast = (tx: SignedTransaction, reference: string) =>
    client.request<TxBroadcastReply>('tron-client.tx.broadcast.v1', {
      transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex, signature: tx.signature },
      reference,
      requestedBy: 'payout',
    });
  const get = (txId: string) => client.request<TxView>('tron-client.tx.get.v1', { txId });
  const until = (txId: string, status: string) => eventually(async () => ((await get(txId)).status === status ? get(txId) : false), 10_000, `${txId} ${status}`);
  const eventsOf = (txId: string) => events.filter((e) => e.event.txId === txId);
  /** Exactly one event for the transaction (after giving a second one time to show up). */
  const onlyEvent = async (txId: string) => {
    await eventually(async () => eventsOf(txId).length > 0, 5000, `the event of ${txId}`);
    await sleep(300);
    expect(eventsOf(txId)).toHaveLength(1);
    return eventsOf(txId)[0];
  };
  const rows = async (txId: string) => kysely().selectFrom('broadcasts').selectAll().where('tx_id', '=', txId).execute();
  const rpcError = (p: Promise<unknown>) => p.then(() => null, (e: TransportRpcError) => e);

  it('confirms a TRX transfer only once solidified, with one tx.confirmed', async () => {
    const tx = await trxTransfer(accounts[0], 1_000_000n);
    const first = await broadcast(tx, 'payout-1');
    expect(first).toMatchObject({ txId: tx.txID, status: 'broadcast', outcome: 'accepted', attempts: 1, reference: 'payout-1', requestedBy: 'payout', contractType: 'TransferContract', owner: accounts[0].address });

    const { headBlock } = await devnet.mine();
    await eventually(async () => (await rows(tx.txID))[0]?.seen_block === String(headBlock), 5000, 'seen in the head block');
    expect((await get(tx.txID)).status).toBe('broadcast'); // in a block, not yet solidified
    expect(eventsOf(tx.txID)).toEqual([]);

    await devnet.mine(SOLID_LAG);
    const done = await until(tx.txID, 'confirmed');
    expect(done).toMatchObject({ blockNumber: headBlock, resultCode: 'SUCCESS', reason: null });
    expect(done.finishedAt).not.toBeNull();
    const { pattern, event } = await onlyEvent(tx.txID);
    expect(pattern).toBe('tx.confirmed');
    expect(event).toMatchObject({ eventId: `tx.confirmed:${tx.txID}`, txId: tx.txID, status: 'confirmed', reference: 'payout-1', requestedBy: 'payout', blockNumber: headBlock, network: 'devnet' });
  });

  it('duplicate broadcast: one row, both calls succeed, the node says DUP the second time', async () => {
    const tx = await trxTransfer(accounts[1], 2_000_000n);
    const [a, b] = [await broadcast(tx, 'payout-2'), await broadcast(tx, 'payout-2')];
    expect(a.outcome).toBe('accepted');
    expect(b.outcome).toBe('duplicate');
    expect(b).toMatchObject({ txId: tx.txID, status: 'broadcast', attempts: 2 });
    expect(await rows(tx.txID)).toHaveLength(1);

    await devnet.mine(1 + SOLID_LAG);
    await until(tx.txID, 'confirmed');
    // Once final, another call answers the stored state without sending anything.
    const sent = proxy.broadcasts;
    expect(await broadcast(tx, 'payout-2')).toMatchObject({ status: 'confirmed', outcome: 'final', attempts: 2 });
    expect(proxy.broadcasts).toBe(sent);
    expect((await onlyEvent(tx.txID)).pattern).toBe('tx.confirmed');

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/tronpay_broadcasts_total\{outcome="duplicate"[^}]*\} 1/);
  });

  it('transient errors (node down, SERVER_BUSY), then success: the same bytes are re-sent', async () => {
    const tx = await trxTransfer(accounts[2], 3_000_000n);
    proxy.failures.push('http_503', 'server_busy');
    const first = await broadcast(tx, 'payout-3');
    expect(first).toMatchObject({ status: 'pending', outcome: 'retrying', attempts: 1 });
    expect(first.lastError).toContain('no node answered');

    const accepted = await until(tx.txID, 'broadcast');
    expect(accepted.attempts).toBe(3);
    expect(proxy.failures).toEqual([]);
    const [row] = await rows(tx.txID);
    expect(row.raw_data_hex).toBe(tx.raw_data_hex);
    // What reached the node each time: the caller's signed bytes, unchanged (not rebuilt, not re-signed).
    expect(proxy.sent.filter((hex) => hex.includes(tx.raw_data_hex))).toEqual(Array(3).fill(toBroadcastHex(tx)));

    await devnet.mine(1 + SOLID_LAG);
    await until(tx.txID, 'confirmed');
    expect((await onlyEvent(tx.txID)).pattern).toBe('tx.confirmed');
  });

  it('a transaction the node refuses for good (CONTRACT_VALIDATE_ERROR) ends failed at once, with tx.failed', async () => {
    const tx = await trxTransfer(accounts[3], 5_000_000n * 1_000_000n); // five million TRX: more than it holds
    const reply = await broadcast(tx, 'payout-4');
    expect(reply).toMatchObject({ status: 'failed', outcome: 'rejected', resultCode: 'CONTRACT_VALIDATE_ERROR', blockNumber: null });
    expect(reply.reason).toMatch(/^CONTRACT_VALIDATE_ERROR: contract validate error : .*balance is not sufficient/);
    const { pattern, event } = await onlyEvent(tx.txID);
    expect(pattern).toBe('tx.failed');
    expect(event).toMatchObject({ status: 'failed', resultCode: 'CONTRACT_VALIDATE_ERROR', reason: reply.reason, reference: 'payout-4', blockNumber: null });
  });

  it('a transaction included with another result (OUT_OF_ENERGY) ends failed once solidified, with tx.failed', async () => {
    const tx = signed(
      buildTrc20Transfer({ from: accounts[4].address, contract: usdt, to: generateAccount().base58, amount: 1_000_000n, feeLimit: 1_000_000n }, await ctx()),
      accounts[4].privateKey,
    );
    expect((await broadcast(tx, 'payout-5')).outcome).toBe('accepted');
    const { headBlock } = await devnet.mine(1 + SOLID_LAG);
    const failed = await until(tx.txID, 'failed');
    expect(failed).toMatchObject({ resultCode: 'OUT_OF_ENERGY', blockNumber: headBlock - SOLID_LAG });
    expect(failed.reason).toMatch(/^OUT_OF_ENERGY/);
    expect(BigInt(failed.fee ?? '0')).toBeGreaterThan(0n);
    const { pattern, event } = await onlyEvent(tx.txID);
    expect(pattern).toBe('tx.failed');
    expect(event).toMatchObject({ status: 'failed', resultCode: 'OUT_OF_ENERGY', blockNumber: headBlock - SOLID_LAG, fee: failed.fee });
  });

  it('refuses what is not a valid signed transaction; tx.get of an unknown txid is tx_not_found', async () => {
    const tx = await trxTransfer(accounts[5], 1_000_000n);
    const wrongId = await rpcError(broadcast({ ...tx, txID: 'ab'.repeat(32) }, 'x'));
    expect(wrongId?.code).toBe('invalid_transaction');
    const badSig = tx.signature[0].slice(0, 128) + '05'; // no recovery id 5
    expect((await rpcError(broadcast({ ...tx, signature: [badSig] }, 'x')))?.code).toBe('invalid_signature');
    expect((await rpcError(broadcast({ ...tx, signature: [] }, 'x')))?.code).toBe('validation_failed');
    expect((await rpcError(get('cd'.repeat(32))))?.code).toBe('tx_not_found');
    expect(await rows(tx.txID)).toEqual([]);
  });

  // Last: it moves the devnet's clock forward.
  it('a transaction never accepted ends expired once the solidified chain passes its expiration, with tx.expired', async () => {
    const tx = await trxTransfer(accounts[6], 4_000_000n, 30_000);
    proxy.alwaysBusy = true;
    try {
      expect(await broadcast(tx, 'payout-6')).toMatchObject({ status: 'pending', outcome: 'retrying' });
      await eventually(async () => (await get(tx.txID)).attempts >= 3, 5000, 'a few re-sends');
      await devnet.mine(); // not expired yet: still pending
      await sleep(300);
      expect((await get(tx.txID)).status).toBe('pending');

      await fetch(`${devnet.url}/admin/mine`, { method: 'POST', body: JSON.stringify({ blocks: 1, advanceMs: 60_000 }) });
      await devnet.mine(SOLID_LAG);
      const expired = await until(tx.txID, 'expired');
      expect(expired.reason).toContain('SERVER_BUSY');
      expect(expired.blockNumber).toBeNull();
    } finally {
      proxy.alwaysBusy = false;
    }
    const { pattern, event } = await onlyEvent(tx.txID);
    expect(pattern).toBe('tx.expired');
    expect(event).toMatchObject({ eventId: `tx.expired:${tx.txID}`, status: 'expired', reference: 'payout-6', blockNumber: null, expiration: new Date(tx.raw_data.expiration as number).toISOString() });
    // Never on chain, and never sent again.
    expect(await (await fetch(`${devnet.url}/wallet/gettransactionbyid`, { method: 'POST', body: JSON.stringify({ value: tx.txID }) })).json()).toEqual({});

    const stats = (await (await fetch(`${service.url}/stats`)).json()) as { broadcaster: Record<string, unknown> };
    expect(stats.broadcaster).toMatchObject({ open: { pending: 0, broadcast: 0 }, finished: { confirmed: 3, failed: 2, expired: 1 } });
  });
});
