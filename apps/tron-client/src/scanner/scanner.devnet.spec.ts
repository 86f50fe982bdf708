import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { createTronWeb, generateAccount, type TronWeb } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetAccount, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { FetchNodeHttp, type NodeHttpRequest, type NodeHttpResponse } from '../nodes/node-http';
import { eventually, ScannerHarness } from './testing/scanner-harness';

/** The real HTTP client, noting which node routes were asked. */
class RecordingHttp extends FetchNodeHttp {
  readonly paths: string[] = [];
  override request(url: string, init: NodeHttpRequest): Promise<NodeHttpResponse> {
    this.paths.push(new URL(url).pathname);
    return super.request(url, init);
  }
}

// Proof on the devnet (a real node process), real PostgreSQL and real Redis: what the scanner
// credits, what it refuses, and that each deposit is credited once across restarts and leaders.
describe('scanner on the devnet', () => {
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

  const harness = async (env: Record<string, string> = {}, nodeUrls = [devnet.url]) => {
    const head = (await devnet.info()).headBlock;
    h = new ScannerHarness({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      nodeUrls,
      env: { TRON_SCANNER_START_BLOCK: String(head), ...env },
    });
    await h.migrate();
    return h;
  };
  const tw = (i: number): TronWeb => createTronWeb(devnet.url, accounts[i].privateKey);
  const sendTrx = async (from: number, to: string, sun: number) =>
    ((await tw(from).trx.sendTransaction(to, sun)) as unknown as { txid: string }).txid;
  const sendToken = async (from: number, contract: string, to: string, amount: number | bigint, feeLimit = 100_000_000) => {
    const c = await tw(from).contract().at(contract);
    return (await c.methods.transfer(to, amount).send({ feeLimit })) as string;
  };
  const detectedFor = async (txId: string) => (await h.events('deposit.detected')).filter((e) => e.txId === txId);

  it('credits a TRX transfer, a USDT transfer and USDT by transferFrom, once each; confirms them when solidified', async () => {
    const hs = await harness();
    const leader = hs.replica();
    const [a, b] = [generateAccount(), generateAccount()];
    await leader.watch.add({ addresses: [a.base58, b.address], kind: 'deposit' });
    leader.scanner.start();
    await eventually(async () => leader.scanner.isLeader(), 5000, 'leadership');

    const trx = await sendTrx(1, a.base58, 7_000_000);
    const tok = await sendToken(2, usdt, b.base58, 12_500_000);
    // transferFrom: account 3 approves account 4, which moves account 3's USDT to the watched address.
    const c3 = await tw(3).contract().at(usdt);
    await c3.methods.approve(accounts[4].address, 5_000_000).send({ feeLimit: 100_000_000 });
    const c4 = await tw(4).contract().at(usdt);
    const tf = (await c4.methods.transferFrom(accounts[3].address, a.base58, 3_000_000).send({ feeLimit: 100_000_000 })) as string;
    const { headBlock } = await devnet.mine();

    const detected = await eventually(async () => {
      const e = await h.events('deposit.detected');
      return e.length >= 3 && e;
    }, 10_000, 'three detections');
    expect(detected.map((e) => [e.txId, e.logIndex, e.token, e.to, e.amount, e.blockNumber]).sort()).toEqual(
      [
        [trx, -1, 'TRX', a.base58, '7000000', headBlock],
        [tok, 0, usdt, b.base58, '12500000', headBlock],
        [tf, 0, usdt, a.base58, '3000000', headBlock],
      ].sort(),
    );
    // The payer of a transferFrom is the log's `from`, not the transaction's owner.
    expect(detected.find((e) => e.txId === tf)?.from).toBe(accounts[3].address);
    expect(await h.events('deposit.confirmed')).toHaveLength(0);

    await devnet.mine(3);
    const confirmed = await eventually(async () => {
      const e = await h.events('deposit.confirmed');
      return e.length === 3 && e;
    }, 10_000, 'three confirmations');
    expect(new Set(confirmed.map((e) => e.eventId)).size).toBe(3);
    expect((await h.deposits()).map((d) => d.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(await h.events('deposit.detected')).toHaveLength(3);
  });

  it('credits none of: a fake "USDT", a REVERT and an OUT_OF_ENERGY transfer, a zero-value transferFrom from a look-alike', async () => {
    const hs = await harness();
    const leader = hs.replica();
    const victim = generateAccount();
    await leader.watch.add({ addresses: [victim.base58], kind: 'deposit' });
    leader.scanner.start();

    // Same name and symbol as USDT, another contract.
    const fake = await devnet.createToken({ name: 'Tether USD', symbol: 'USDT', decimals: 6, owner: accounts[5].address });
    await devnet.mine();
    const fakeTx = await sendToken(5, fake, victim.base58, 1_000_000_000);
    // REVERT: more than the sender holds; OUT_OF_ENERGY: a fee limit that cannot buy the energy.
    const revert = await sendToken(6, usdt, victim.base58, 10n ** 15n);
    const oom = await sendToken(7, usdt, victim.base58, 1_000_000, 1_000_000);
    // Address poisoning: anyone may call transferFrom(lookalike, victim, 0) and a Transfer log of 0 appears.
    const lookalike = accounts[8].address;
    const c9 = await tw(9).contract().at(usdt);
    const poison = (await c9.methods.transferFrom(lookalike, victim.base58, 0).send({ feeLimit: 100_000_000 })) as string;
    const real = await sendTrx(1, victim.base58, 1_000_000);
    const { headBlock } = await devnet.mine();

    await eventually(async () => (await detectedFor(real)).length === 1, 10_000, 'the real TRX transfer');
    for (const tx of [fakeTx, revert, oom, poison]) expect(await detectedFor(tx)).toEqual([]);
    expect((await h.deposits()).map((d) => d.tx_id)).toEqual([real]);
    // Failed transactions carry no Transfer log: whatever their calldata names, there is nothing to credit.
    expect(leader.scanner.stats().dropped).toMatchObject({ unregistered_token: 1, dust: 1 });
    // Each refused transaction is on chain, in the block the scanner read, ending as claimed (not refused
    // at broadcast, which would prove nothing): the fake and the poisoning transfer even succeeded.
    const onChain = async (value: string) =>
      (await (await fetch(`${devnet.url}/wallet/gettransactioninfobyid`, { method: 'POST', body: JSON.stringify({ value }) })).json()) as {
        blockNumber?: number;
        receipt?: { result?: string };
      };
    const outcomes = await Promise.all([fakeTx, revert, oom, poison].map(onChain));
    expect(outcomes.map((i) => [i.blockNumber, i.receipt?.result])).toEqual([
      [headBlock, 'SUCCESS'],
      [headBlock, 'REVERT'],
      [headBlock, 'OUT_OF_ENERGY'],
      [headBlock, 'SUCCESS'],
    ]);
  });

  it('credits an operator-added TRC20 only after tokens.add', async () => {
    const hs = await harness();
    const leader = hs.replica();
    const to = generateAccount();
    await leader.watch.add({ addresses: [to.base58], kind: 'wallet' });
    leader.scanner.start();
    const token = await devnet.createToken({ name: 'Other', symbol: 'OTH', decimals: 18, owner: accounts[5].address });
    await devnet.mine();
    const before = await sendToken(5, token, to.base58, 10n ** 18n);
    await devnet.mine();
    await eventually(async () => h.settledAt((await devnet.info()).headBlock), 10_000, 'the scanner at the head');
    expect(await detectedFor(before)).toEqual([]);

    await hs.replica().tokens.add({ contract: token, symbol: 'OTH', decimals: 18 });
    const after = await sendToken(5, token, to.base58, 2n * 10n ** 18n);
    await devnet.mine();
    const [e] = await eventually(async () => (await detectedFor(after)).length === 1 && detectedFor(after), 10_000, 'the token deposit');
    expect(e).toMatchObject({ token, amount: '2000000000000000000' });
  });

  it('credits an address added on another replica when it is paid in the very next block', async () => {
    const hs = await harness();
    const leader = hs.replica();
    const other = hs.replica({ scanner: { enabled: false } });
    leader.scanner.start();
    await eventually(async () => leader.scanner.isLeader(), 5000, 'leadership');
    await devnet.mine();
    await eventually(async () => h.settledAt((await devnet.info()).headBlock), 10_000, 'the scanner at the head');

    const fresh = generateAccount();
    await other.watch.add({ addresses: [fresh.base58], kind: 'deposit' });
    expect(leader.watch.has(fresh.base58)).toBe(false); // only the database knows it yet
    const tx = await sendToken(2, usdt, fresh.base58, 1_000_000);
    await devnet.mine();
    await eventually(async () => (await detectedFor(tx)).length === 1, 10_000, 'the deposit to the new address');
  });

  it('credits once after a crash between commit and publish (restart mid-block)', async () => {
    const hs = await harness();
    let fail = true;
    const flaky = {
      publish: async () => {
        if (fail) throw new Error('Redis went away');
      },
    };
    const first = hs.replica({ publisher: flaky });
    const to = generateAccount();
    await first.watch.add({ addresses: [to.base58], kind: 'deposit' });
    first.scanner.start();
    const tx = await sendTrx(1, to.base58, 2_000_000);
    await devnet.mine();
    await eventually(async () => (await h.deposits()).length === 1, 10_000, 'the deposit row');
    await first.close({ releaseLease: false });
    fail = false;
    expect(await h.events('deposit.detected')).toEqual([]);

    const second = hs.replica();
    second.scanner.start();
    await eventually(async () => (await detectedFor(tx)).length === 1, 10_000, 'the event from the outbox');
    await devnet.mine(2);
    await eventually(async () => h.settledAt((await devnet.info()).headBlock), 10_000, 'the scanner at the head');
    expect(await detectedFor(tx)).toHaveLength(1);
    expect(await h.deposits()).toHaveLength(1);
  });

  // How fast is not asserted here (speed goes in benchmarks): the waits are bounded by `eventually`,
  // and the test fails if the standby never leads, leads with a stale fence, or leaves a gap or a double.
  it('a standby takes over when the leader dies: it leads with a higher fence and credits with no gap and no double', async () => {
    const hs = await harness();
    const a = hs.replica();
    const b = hs.replica();
    const to = generateAccount();
    await a.watch.add({ addresses: [to.base58], kind: 'deposit' });
    a.scanner.start();
    await eventually(async () => a.scanner.isLeader(), 5000, 'a leading');
    b.scanner.start();
    const t1 = await sendTrx(1, to.base58, 1_000_000);
    const block1 = (await devnet.mine()).headBlock;
    await eventually(async () => (await detectedFor(t1)).length === 1, 10_000, 'the first deposit');
    expect(b.scanner.isLeader()).toBe(false);
    const fenceA = a.scanner.stats().fence as number;
    expect((await h.cursor())?.fence).toBe(fenceA);

    // The leader dies without releasing its lease (as kill -9 would); blocks keep coming.
    await a.close({ releaseLease: false });
    const t2 = await sendTrx(2, to.base58, 2_000_000);
    const block2 = (await devnet.mine()).headBlock;
    const t3 = await sendToken(3, usdt, to.base58, 3_000_000);
    const block3 = (await devnet.mine()).headBlock;

    await eventually(async () => b.scanner.isLeader(), 10_000, 'the standby taking the lease');
    const fenceB = b.scanner.stats().fence as number;
    expect(fenceB).toBeGreaterThan(fenceA);
    await eventually(async () => h.settledAt(block3), 10_000, 'the standby at the head');
    // The cursor was last moved under the standby's fence: the writes after the death are its own.
    expect((await h.cursor())?.fence).toBe(fenceB);
    // No gap: the blocks mined while nobody led are credited, each in its own block; no double.
    const detected = await h.events('deposit.detected');
    expect(detected.map((e) => [e.txId, e.blockNumber]).sort()).toEqual(
      [
        [t1, block1],
        [t2, block2],
        [t3, block3],
      ].sort(),
    );
    expect((await h.deposits()).map((d) => d.tx_id).sort()).toEqual([t1, t2, t3].sort());
  });

  it('catches up after 200 blocks of downtime without a gap, in getblockbylimitnext batches, crediting nothing twice', async () => {
    const hs = await harness();
    const to = generateAccount();
    const first = hs.replica();
    await first.watch.add({ addresses: [to.base58], kind: 'deposit' });
    first.scanner.start();
    // A deposit detected (not yet solidified) just before the downtime must be neither lost nor doubled.
    const before = await sendTrx(1, to.base58, 900_000);
    await devnet.mine();
    await eventually(async () => (await detectedFor(before)).length === 1, 10_000, 'the deposit before the downtime');
    await first.close();

    const txs: string[] = [];
    for (let i = 0; i < 4; i++) {
      txs.push(await sendTrx(1 + i, to.base58, 1_000_000 + i));
      await devnet.mine(50);
    }
    const http = new RecordingHttp();
    const second = hs.replica({ http });
    second.scanner.start();
    const head = (await devnet.info()).headBlock;
    await eventually(async () => h.settledAt(head), 20_000, 'the scanner at the head');
    expect((await h.events('deposit.detected')).map((e) => e.txId).sort()).toEqual([before, ...txs].sort());
    expect(http.paths).toContain('/wallet/getblockbylimitnext');
    const confirmed = await eventually(async () => {
      const e = await h.events('deposit.confirmed');
      return e.length >= 5 && e;
    }, 10_000, 'five confirmations');
    expect(confirmed.map((e) => e.txId).sort()).toEqual([before, ...txs].sort());
    expect((await h.deposits()).map((d) => d.status)).toEqual(Array(5).fill('confirmed'));
  });

  it('fails over when the first node stops answering: the second node is used and no block is skipped', async () => {
    // The first node is a proxy to the devnet that, once `hang` is set, accepts requests and never answers.
    let hang = false;
    const proxy = createServer((req, res) => {
      if (hang) return;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const upstream = await fetch(devnet.url + req.url, {
          method: req.method,
          headers: { 'content-type': 'application/json' },
          body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
        });
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(await upstream.text());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const first = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const hs = await harness({ TRON_NODE_TIMEOUT_MS: '300' }, [first, devnet.url]);
      const r = hs.replica();
      const to = generateAccount();
      await r.watch.add({ addresses: [to.base58], kind: 'deposit' });
      r.scanner.start();
      const t0 = await sendTrx(1, to.base58, 1_000_000);
      await devnet.mine();
      await eventually(async () => (await detectedFor(t0)).length === 1, 10_000, 'the deposit through the first node');
      expect(r.pool.health()[0]).toMatchObject({ node: first, failures: 0 });

      hang = true;
      const later: Array<{ tx: string; block: number }> = [];
      for (let i = 0; i < 3; i++) {
        const tx = await sendTrx(2 + i, to.base58, 1_000_000 + i);
        later.push({ tx, block: (await devnet.mine()).headBlock });
      }
      const head = (await devnet.info()).headBlock;
      await eventually(async () => h.settledAt(head), 15_000, 'the scanner at the head through the second node');
      const detected = await h.events('deposit.detected');
      expect(later.map((l) => detected.filter((e) => e.txId === l.tx).map((e) => e.blockNumber))).toEqual(later.map((l) => [l.block]));
      expect(r.pool.health()[0].failures).toBeGreaterThan(0);
      expect(r.pool.health()[0].lastError).toMatch(/^timeout/);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });
});
