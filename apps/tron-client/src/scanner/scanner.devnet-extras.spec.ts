import { Logger } from '@nestjs/common';
import { createTronWeb, generateAccount, type TronWeb } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetAccount, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { eventually, ScannerHarness } from './testing/scanner-harness';

// Issue 4's proofs that need the devnet's TRC10 assets and its built-in multisender: a TRC10
// asset named "USDT" is never credited; a batch transfer credits each watched recipient once.
describe('scanner on the devnet: TRC10 and multi-transfer transactions', () => {
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

  const harness = async () => {
    const head = (await devnet.info()).headBlock;
    h = new ScannerHarness({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      nodeUrls: [devnet.url],
      env: { TRON_SCANNER_START_BLOCK: String(head) },
    });
    await h.migrate();
    return h;
  };
  const tw = (i: number): TronWeb => createTronWeb(devnet.url, accounts[i].privateKey);
  const detectedFor = async (txId: string) => (await h.events('deposit.detected')).filter((e) => e.txId === txId);
  const atHead = async () => {
    const head = (await devnet.info()).headBlock;
    await eventually(async () => h.settledAt(head), 10_000, 'the scanner at the head');
  };

  it('does not credit a TRC10 asset named "USDT" sent to a watched address, and counts it as trc10', async () => {
    const hs = await harness();
    const leader = hs.replica();
    const victim = generateAccount();
    await leader.watch.add({ addresses: [victim.base58], kind: 'deposit' });
    leader.scanner.start();

    const assetId = await devnet.createAsset({ name: 'USDT', abbr: 'USDT', precision: 6, supply: '1000000', owner: accounts[5].address });
    await devnet.mine();
    const trc10 = ((await tw(5).trx.sendToken(victim.base58, 5_000_000, assetId)) as unknown as { result: boolean; txid: string });
    expect(trc10.result).toBe(true);
    const real = ((await tw(1).trx.sendTransaction(victim.base58, 1_000_000)) as unknown as { txid: string }).txid;
    await devnet.mine();

    await eventually(async () => (await detectedFor(real)).length === 1, 10_000, 'the real TRX transfer');
    expect(await detectedFor(trc10.txid)).toEqual([]);
    expect((await h.deposits()).map((d) => d.tx_id)).toEqual([real]);
    expect(leader.scanner.stats().dropped).toMatchObject({ trc10: 1 });
    // The asset did arrive on chain: the scanner refused it for being TRC10, not for failing.
    const account = (await (await fetch(`${devnet.url}/wallet/getaccount`, { method: 'POST', body: JSON.stringify({ address: victim.address }) })).json()) as {
      assetV2?: Array<{ key: string; value: number }>;
    };
    expect(account.assetV2).toEqual([{ key: assetId, value: 5_000_000 }]);
  });

  it('credits two watched recipients of one multiTransfer once each (distinct logIndex, payer = the log `from`), across a restart and a rescan', async () => {
    const hs = await harness();
    const first = hs.replica();
    const [w1, w2, unwatched] = [generateAccount(), generateAccount(), generateAccount()];
    await first.watch.add({ addresses: [w1.base58, w2.base58], kind: 'deposit' });
    first.scanner.start();
    await eventually(async () => first.scanner.isLeader(), 5000, 'leadership');

    const multisender = await devnet.deployMultisender();
    const payer = accounts[2];
    const token = await tw(2).contract().at(usdt);
    await token.methods.approve(multisender, 10_000_000).send({ feeLimit: 100_000_000 });
    const { transaction } = await tw(2).transactionBuilder.triggerSmartContract(
      multisender,
      'multiTransfer(address,address[],uint256[])',
      { feeLimit: 500_000_000 },
      [
        { type: 'address', value: usdt },
        { type: 'address[]', value: [w1.base58, unwatched.base58, w2.base58] },
        { type: 'uint256[]', value: ['1500000', '700000', '2500000'] },
      ],
      payer.address,
    );
    const sent = await tw(2).trx.sendRawTransaction(await tw(2).trx.sign(transaction));
    expect(sent.result).toBe(true);
    const txId = transaction.txID;
    const { headBlock } = await devnet.mine();

    const detected = await eventually(async () => {
      const e = await detectedFor(txId);
      return e.length >= 2 && e;
    }, 10_000, 'two detections');
    expect(detected.map((e) => [e.logIndex, e.token, e.from, e.to, e.amount, e.blockNumber]).sort()).toEqual([
      [0, usdt, payer.address, w1.base58, '1500000', headBlock],
      [2, usdt, payer.address, w2.base58, '2500000', headBlock],
    ]);
    expect(new Set(detected.map((e) => e.logIndex)).size).toBe(2);

    // Restart: the leader dies without releasing its lease; the next replica resumes at the cursor.
    await first.close({ releaseLease: false });
    const second = hs.replica();
    second.scanner.start();
    await devnet.mine();
    await atHead();
    await second.close();

    // Rescan: the cursor is moved back before the multi-transfer's block and the block is read again.
    const before = (await (await fetch(`${devnet.url}/wallet/getblockbynum`, { method: 'POST', body: JSON.stringify({ num: headBlock - 1 }) })).json()) as {
      blockID: string;
    };
    await hs.database.pool.query('update tron_client.scan_cursor set head_number = $1, head_hash = $2', [headBlock - 1, before.blockID]);
    await hs.database.pool.query('delete from tron_client.scanned_blocks where number > $1', [headBlock - 1]);
    const third = hs.replica();
    third.scanner.start();
    await devnet.mine();
    await atHead();
    // The block was read again (its unwatched recipient was seen again), and nothing doubled.
    expect(third.scanner.stats().dropped.not_watched).toBe(1);
    expect(await detectedFor(txId)).toHaveLength(2);
    const deposits = (await h.deposits()).filter((d) => d.tx_id === txId);
    expect(deposits.map((d) => [d.log_index, d.to_address]).sort()).toEqual([
      [0, w1.base58],
      [2, w2.base58],
    ]);
  });
});
