import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { createTronWeb, generateAccount, type TronWeb } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetAccount, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { eventually, ScannerHarness } from './testing/scanner-harness';

// Faults in the middle of a block, on the devnet with real PostgreSQL and Redis: the scanner dies
// halfway through writing a block, and a node pairs a block with another block's infos (or
// stamps its infos with another block number).
describe('scanner on the devnet: faults mid-block', () => {
  jest.setTimeout(60_000);
  let devnet: DevnetProcess;
  let accounts: DevnetAccount[];
  let usdt: string;
  let db: TestDatabase;
  let redis: TestRedis;
  let h: ScannerHarness;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    devnet = await startDevnetProcess({ solidLag: 3 });
    accounts = await devnet.accounts();
    usdt = (await devnet.info()).usdtContract;
  });
  afterAll(() => devnet?.close());

  beforeEach(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
  });
  afterEach(async () => {
    await h?.close();
    await redis.cleanup();
    await db.drop();
  });

  const harness = async (nodeUrls = [devnet.url]) => {
    const head = (await devnet.info()).headBlock;
    h = new ScannerHarness({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      nodeUrls,
      env: { TRON_SCANNER_START_BLOCK: String(head), TRON_NODE_TIMEOUT_MS: '2000' },
    });
    await h.migrate();
    return h;
  };
  const tw = (i: number): TronWeb => createTronWeb(devnet.url, accounts[i].privateKey);
  const sendToken = async (from: number, to: string, amount: number) => {
    const c = await tw(from).contract().at(usdt);
    return (await c.methods.transfer(to, amount).send({ feeLimit: 100_000_000 })) as string;
  };
  const detectedFor = async (txId: string) => (await h.events('deposit.detected')).filter((e) => e.txId === txId);
  const atHead = async () => {
    const head = (await devnet.info()).headBlock;
    await eventually(async () => h.settledAt(head), 10_000, 'the scanner at the head');
  };

  it('keeps scanning after Redis loses its data: a new leader fences above the cursor, not from 1 again', async () => {
    const hs = await harness();
    const a = hs.replica();
    const to = generateAccount();
    await a.watch.add({ addresses: [to.base58], kind: 'deposit' });
    a.scanner.start();
    await eventually(async () => a.scanner.isLeader(), 5000, 'a leading');
    const t1 = await sendToken(1, to.base58, 1_000_000);
    await devnet.mine();
    await eventually(async () => (await detectedFor(t1)).length === 1, 10_000, 'the first deposit');
    await a.close();
    // Fifty tenures went by, then Redis restarted empty (it keeps nothing on disk): its fence counter starts again at 1.
    await hs.database.pool.query('update tron_client.scan_cursor set fence = 50');
    const keys = await redis.client.keys(`${redis.prefix}scanner:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.client.del(...keys);

    const b = hs.replica();
    b.scanner.start();
    const t2 = await sendToken(2, to.base58, 2_000_000);
    const block2 = (await devnet.mine()).headBlock;
    await eventually(async () => (await detectedFor(t2)).length === 1, 10_000, 'the deposit after the Redis loss');
    expect(b.scanner.stats().fence as number).toBeGreaterThan(50);
    expect((await detectedFor(t2))[0].blockNumber).toBe(block2);
    expect(Number(await redis.client.get(`${redis.prefix}scanner:devnet:fence`))).toBe(b.scanner.stats().fence);
  });

  it('credits once when the scanner dies halfway through writing a block (cursor and deposit rows already written, not committed)', async () => {
    const hs = await harness();
    // The outbox insert comes last in a block's transaction, after the cursor, the kept hash and
    // the deposit rows: failing there is a death in the middle of the block's write.
    await hs.database.pool.query(`
      create table tron_client.spec_crash (armed boolean not null);
      insert into tron_client.spec_crash values (true);
      create function tron_client.spec_crash() returns trigger language plpgsql as $$
      begin
        if (select armed from tron_client.spec_crash) then raise exception 'died mid-block'; end if;
        return new;
      end $$;
      create trigger spec_crash before insert on tron_client.outbox for each row execute function tron_client.spec_crash();
    `);
    const first = hs.replica();
    const to = generateAccount();
    await first.watch.add({ addresses: [to.base58], kind: 'deposit' });
    first.scanner.start();
    await atHead();
    const before = (await h.cursor())?.head;
    const tx = await sendToken(1, to.base58, 4_000_000);
    const { headBlock } = await devnet.mine();
    expect(headBlock).toBe((before ?? 0) + 1);
    await eventually(async () => /died mid-block/.test(first.scanner.stats().lastError ?? ''), 10_000, 'the write to fail mid-block');
    // Nothing of the block survived: no deposit, the cursor where it was, no event.
    expect(await h.deposits()).toEqual([]);
    expect((await h.cursor())?.head).toBe(before);
    await first.close({ releaseLease: false });
    expect(await h.events('deposit.detected')).toEqual([]);

    await hs.database.pool.query('update tron_client.spec_crash set armed = false');
    const second = hs.replica();
    second.scanner.start();
    await eventually(async () => (await detectedFor(tx)).length === 1, 10_000, 'the deposit after the restart');
    await devnet.mine(2);
    await atHead();
    expect(await detectedFor(tx)).toHaveLength(1);
    expect((await h.deposits()).map((d) => [d.tx_id, d.amount, d.status])).toEqual([[tx, '4000000', 'detected']]);
  });

  it("passes over a node that stamps a block's infos with another block number (same ids), and credits from the next node", async () => {
    // The first node answers the right infos but, once `tamper` is set, stamped as block n - 1's:
    // the extractor would set them aside and the USDT log would go unread.
    let tamper = false;
    const proxy: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const upstream = await fetch(devnet.url + req.url, {
          method: req.method,
          headers: { 'content-type': 'application/json' },
          body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
        });
        let text = await upstream.text();
        if (tamper && req.url === '/wallet/gettransactioninfobyblocknum') {
          text = JSON.stringify((JSON.parse(text) as Array<{ blockNumber: number }>).map((i) => ({ ...i, blockNumber: i.blockNumber - 1 })));
        }
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(text);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const first = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const hs = await harness([first, devnet.url]);
      const r = hs.replica();
      const to = generateAccount();
      await r.watch.add({ addresses: [to.base58], kind: 'deposit' });
      r.scanner.start();
      await devnet.mine();
      await atHead();

      tamper = true;
      const tx = await sendToken(2, to.base58, 3_300_000);
      const block = (await devnet.mine()).headBlock;
      await atHead();

      expect((await detectedFor(tx)).map((e) => [e.to, e.amount, e.blockNumber])).toEqual([[to.base58, '3300000', block]]);
      expect(r.scanner.stats().skipped).toMatchObject({ 'info-mismatch': 0, 'missing-info': 0 });
      expect(r.pool.health()[0].lastError).toMatch(/^incomplete/);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it("passes over a node that answers a block's infos with another block's (same count), and credits from the next node", async () => {
    // The first node serves blocks as they are, but once `tamper` is set it answers the infos of
    // block n with those of block n - 1: what a node on another fork, or a buggy one, might say.
    let tamper = false;
    const proxy: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        let body = Buffer.concat(chunks).toString('utf8');
        if (tamper && req.url === '/wallet/gettransactioninfobyblocknum') body = JSON.stringify({ num: (JSON.parse(body) as { num: number }).num - 1 });
        const upstream = await fetch(devnet.url + req.url, {
          method: req.method,
          headers: { 'content-type': 'application/json' },
          body: req.method === 'GET' ? undefined : body,
        });
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(await upstream.text());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const first = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const hs = await harness([first, devnet.url]);
      const r = hs.replica();
      const [w1, w2] = [generateAccount(), generateAccount()];
      await r.watch.add({ addresses: [w1.base58, w2.base58], kind: 'deposit' });
      r.scanner.start();
      await devnet.mine();
      await atHead();

      tamper = true;
      // Two consecutive blocks of one USDT transfer each: block B's infos from the first node are block A's.
      const a = await sendToken(2, w1.base58, 1_100_000);
      const blockA = (await devnet.mine()).headBlock;
      const b = await sendToken(3, w2.base58, 2_200_000);
      const blockB = (await devnet.mine()).headBlock;
      await atHead();

      expect((await detectedFor(a)).map((e) => [e.to, e.amount, e.blockNumber])).toEqual([[w1.base58, '1100000', blockA]]);
      expect((await detectedFor(b)).map((e) => [e.to, e.amount, e.blockNumber])).toEqual([[w2.base58, '2200000', blockB]]);
      expect(await h.deposits()).toHaveLength(2);
      // The first node was asked and passed over; lagging or forked is not broken (no breaker strike).
      expect(r.pool.health()[0]).toMatchObject({ circuit: 'closed', failures: 0 });
      expect(r.pool.health()[0].lastError).toMatch(/^incomplete/);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });
});
