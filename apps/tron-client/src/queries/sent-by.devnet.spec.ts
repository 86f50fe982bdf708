import { Logger } from '@nestjs/common';
import { loadConfig } from '@tronpay/config';
import type { TxSentByReply } from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { createTestDatabase, createTestRedis, DevnetAccount, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { buildTrc20Transfer, buildTrxTransfer, decodeRawData, generateAccount, referenceBlockOf, signTransaction, type BlockJson, type UnsignedTransaction } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { QueriesModule } from './queries.module';

const TRX = 1_000_000n;

// `tron-client.tx.sent-by.v1` on the devnet: what an account sent, read from solidified blocks
// (the payout service's search of the chain after a restore from a backup).
describe('tron-client: the transactions accounts sent in solidified blocks (devnet)', () => {
  jest.setTimeout(60_000);
  const SOLID_LAG = 2;
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let service: RunningService;
  let client: RedisStreamsClient;
  let accounts: DevnetAccount[];
  let usdt: string;
  let clock = Date.now();

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: SOLID_LAG }), createTestDatabase(), createTestRedis()]);
    accounts = await devnet.accounts();
    usdt = (await devnet.info()).usdtContract;
    const config = loadConfig('tron-client', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      TRON_NODE_URLS: devnet.url,
      TRON_NODE_RATE_LIMIT: '100000',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
    });
    service = await startService(config, [QueriesModule], { logger: false });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 10_000 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await service?.close();
    await devnet?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const post = async <T>(route: string, body: unknown = {}): Promise<T> => (await (await fetch(devnet.url + route, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  const sentBy = (owners: string[], fromBlock: number, toBlock: number) => client.request<TxSentByReply>('tron-client.tx.sent-by.v1', { owners, fromBlock, toBlock });
  const send = async (build: (ctx: { ref: ReturnType<typeof referenceBlockOf>; timestamp: number }) => UnsignedTransaction, key: string) => {
    const tx = build({ ref: referenceBlockOf(await post<BlockJson>('/wallet/getnowblock')), timestamp: ++clock });
    expect(await post('/wallet/broadcasttransaction', signTransaction(tx, key))).toMatchObject({ result: true });
    return tx.txID;
  };

  it("finds exactly an account's own transactions, TRX and TRC20, failed ones with their receipt word, on solidified blocks only", async () => {
    const [alice, bob] = accounts;
    const [to1, to2] = [generateAccount().base58, generateAccount().base58];
    const start = (await devnet.mine(1)).headBlock + 1;
    const trx = await send((ctx) => buildTrxTransfer({ from: alice.address, to: to1, amount: 2n * TRX }, ctx), alice.privateKey);
    const token = await send((ctx) => buildTrc20Transfer({ from: alice.address, contract: usdt, to: to2, amount: 1_500_000n, feeLimit: 100n * TRX }, ctx), alice.privateKey);
    const bobs = await send((ctx) => buildTrxTransfer({ from: bob.address, to: to1, amount: 1n }, ctx), bob.privateKey);
    await devnet.mine(1);
    // More USDT than alice holds: the call reverts, in a block, its fee burned.
    const reverted = await send((ctx) => buildTrc20Transfer({ from: alice.address, contract: usdt, to: to2, amount: 10n ** 30n, feeLimit: 100n * TRX }, ctx), alice.privateKey);
    const { headBlock } = await devnet.mine(1);

    // Not solidified yet: the last blocks are not read.
    const early = await sentBy([alice.address], start, headBlock);
    expect(early.toBlock).toBe(headBlock - SOLID_LAG);
    expect(early.transactions.map((t) => t.txId)).not.toContain(reverted);

    await devnet.mine(SOLID_LAG);
    const reply = await sentBy([alice.address], start, headBlock);
    expect([reply.fromBlock, reply.toBlock]).toEqual([start, headBlock]);
    expect(reply.solidHead.number).toBe(headBlock);
    expect(reply.transactions.map((t) => [t.txId, t.owner, t.contractType, t.contractRet])).toEqual([
      [trx, alice.address, 'TransferContract', 'SUCCESS'],
      [token, alice.address, 'TriggerSmartContract', 'SUCCESS'],
      [reverted, alice.address, 'TriggerSmartContract', 'REVERT'],
    ]);
    for (const t of reply.transactions) {
      const info = await post<{ blockNumber: number; blockTimeStamp: number }>('/wallet/gettransactioninfobyid', { value: t.txId });
      expect([t.blockNumber, t.blockTimestamp]).toEqual([info.blockNumber, info.blockTimeStamp]);
      expect(t.signatures).toHaveLength(1);
    }
    // The bytes are what was signed: the destination and amount read from them.
    expect(decodeRawData(reply.transactions[0].rawDataHex).rawData.contract[0].parameter.value).toMatchObject({ amount: 2_000_000 });
    // Bob's own search finds only his; an unknown sender finds nothing.
    expect((await sentBy([bob.address], start, headBlock)).transactions.map((t) => t.txId)).toEqual([bobs]);
    expect((await sentBy([generateAccount().base58], start, headBlock)).transactions).toEqual([]);
  });

  it('reads at most 100 blocks a call, and with no owners gives only the last block time', async () => {
    await devnet.mine(3);
    const solid = (await devnet.info()).solidBlock;
    const wide = await sentBy([accounts[0].address], 0, 10_000);
    expect([wide.fromBlock, wide.toBlock]).toEqual([0, Math.min(99, solid)]);
    const one = await sentBy([], solid, solid);
    const block = await post<BlockJson>('/wallet/getblockbynum', { num: solid });
    expect([one.toBlock, one.toTimestamp, one.transactions]).toEqual([solid, block.block_header?.raw_data?.timestamp, []]);
    const ahead = await sentBy([], solid + 5, solid + 5);
    expect([ahead.toBlock < ahead.fromBlock, ahead.toTimestamp]).toEqual([true, null]);
    await expect(sentBy(['T-not-an-address'], 0, 1)).rejects.toThrow();
  });
});
