import { Logger } from '@nestjs/common';
import { generateAccount } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { FencedOutError } from './scanner.errors';
import { ScannerRepository } from './scanner.repository';
import { FakeChain, trc20Tx, trxTx, txId } from './testing/fake-chain';
import { eventually, ScannerHarness } from './testing/scanner-harness';

// The scanner against an in-memory chain (the devnet never reorganises), on real PostgreSQL and Redis.
describe('scanner: reorgs, multi-transfer transactions, fencing', () => {
  jest.setTimeout(30_000);
  const USDT = generateAccount().base58;
  let db: TestDatabase;
  let redis: TestRedis;
  let h: ScannerHarness;
  let chain: FakeChain;

  beforeAll(() => Logger.overrideLogger(['error']));
  beforeEach(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    h = new ScannerHarness({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, nodeUrls: ['http://127.0.0.1:9'], env: { USDT_CONTRACT: USDT } });
    await h.migrate();
    chain = new FakeChain();
  });
  afterEach(async () => {
    await h.close();
    await redis.cleanup();
    await db.drop();
  });

  const atHead = () => eventually(async () => (await h.cursor())?.head === chain.head, 5000, `cursor at ${chain.head}`);

  it('credits two watched recipients of one multi-transfer transaction, each by its log index', async () => {
    const [alice, bob, stranger, payer, batcher] = Array.from({ length: 5 }, () => generateAccount().base58);
    const r = h.replica({ chain: chain.asReader() });
    await r.watch.add({ addresses: [alice, bob], kind: 'deposit' });
    const id = txId('multi');
    chain.append([
      trc20Tx(id, batcher, USDT, [
        { from: payer, to: alice, amount: 5n },
        { from: payer, to: stranger, amount: 6n },
        { from: payer, to: bob, amount: 7n },
      ]),
    ]);
    r.scanner.start();
    await atHead();
    const events = await eventually(async () => {
      const e = await h.events('deposit.detected');
      return e.length === 2 && e;
    });
    expect(events.map((e) => [e.logIndex, e.to, e.from, e.amount])).toEqual([
      [0, alice, payer, '5'],
      [2, bob, payer, '7'],
    ]);
  });

  it('reverts what a replaced head block held, re-credits the transaction on the new branch, confirms it once solid', async () => {
    const to = generateAccount().base58;
    const from = generateAccount().base58;
    const r = h.replica({ chain: chain.asReader() });
    await r.watch.add({ addresses: [to], kind: 'deposit' });
    const id = txId('reorged');
    const other = txId('lost');
    chain.append([]);
    const original = chain.append([trxTx(id, from, to, 1_000_000), trxTx(other, from, to, 2_000_000)]);
    r.scanner.start();
    await eventually(async () => (await h.events('deposit.detected')).length === 2);

    // Block 2 is replaced; the new branch carries only `id`, one block later.
    chain.truncate(1);
    chain.append([]);
    const moved = chain.append([trxTx(id, from, to, 1_000_000)]);
    await eventually(async () => (await h.events('deposit.reverted')).length === 2, 5000, 'two reverts');
    await eventually(async () => (await h.events('deposit.detected')).length === 3, 5000, 're-detection');
    await atHead();

    const reverted = await h.events('deposit.reverted');
    expect(reverted.map((e) => [e.txId, e.blockHash]).sort()).toEqual([[id, original.hash], [other, original.hash]].sort());
    const detected = await h.events('deposit.detected');
    expect(detected[2]).toMatchObject({ txId: id, blockNumber: 3, blockHash: moved.hash });
    expect(new Set(detected.map((e) => e.eventId)).size).toBe(3);

    chain.solid = 3;
    await eventually(async () => (await h.events('deposit.confirmed')).length === 1, 5000, 'confirmation');
    expect((await h.events('deposit.confirmed'))[0]).toMatchObject({ txId: id, blockHash: moved.hash });
    const rows = await h.deposits();
    expect(rows.map((d) => [d.tx_id, d.status]).sort()).toEqual([[id, 'confirmed'], [other, 'reverted']].sort());
  });

  it('drops transfers at or below the dust threshold and counts them', async () => {
    await h.close();
    h = new ScannerHarness({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      nodeUrls: ['http://127.0.0.1:9'],
      env: { USDT_CONTRACT: USDT, TRON_DUST_THRESHOLD: '1000' },
    });
    const to = generateAccount().base58;
    const from = generateAccount().base58;
    const r = h.replica({ chain: chain.asReader() });
    await r.watch.add({ addresses: [to], kind: 'deposit' });
    chain.append([trxTx(txId('d1'), from, to, 1000), trxTx(txId('d2'), from, to, 1001), trc20Tx(txId('d3'), from, USDT, [{ from, to, amount: 0n }])]);
    r.scanner.start();
    await atHead();
    expect((await h.deposits()).map((d) => d.amount)).toEqual(['1001']);
    expect(r.scanner.stats().dropped.dust).toBe(2);
  });

  it('refuses a cursor move from a former leader whose fence is older (a paused process waking up)', async () => {
    const r = h.replica({ chain: chain.asReader() });
    r.scanner.start();
    chain.append([]);
    await atHead();
    await r.close();
    const repo = new ScannerRepository(h.database);
    const c = await h.cursor();
    expect(c?.fence).toBe(1);
    // A successor (fence 2) writes; then the old leader (fence 1) tries to move the cursor back.
    await repo.applyBlocks('devnet', 2, [{ header: { number: 2, hash: 'b'.repeat(64), parentHash: 'a'.repeat(64), timestamp: 0 }, deposits: [] }]);
    await expect(repo.applyBlocks('devnet', 1, [{ header: { number: 1, hash: 'c'.repeat(64), parentHash: 'a'.repeat(64), timestamp: 0 }, deposits: [] }])).rejects.toBeInstanceOf(FencedOutError);
    expect(await h.cursor()).toMatchObject({ head: 2, fence: 2 });
  });
});
