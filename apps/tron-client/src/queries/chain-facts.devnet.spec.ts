import { Logger } from '@nestjs/common';
import { loadConfig } from '@tronpay/config';
import type {
  ContractCheckReply,
  EnergyEstimateReply,
  ReferenceBlockReply,
  SolidBalanceReply,
  TxChainStatusReply,
  WatchLookupReply,
} from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { createTestDatabase, createTestRedis, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { generateAccount, trc20TransferData } from '@tronpay/tron';
import { RedisStreamsClient, TransportRpcError } from '@tronpay/transport';
import { WatchModule } from '../watch/watch.module';
import { QueriesModule } from './queries.module';

// The chain facts the payout service builds, reserves and proves with, over the transport, on the devnet.
describe('tron-client chain facts for payouts (devnet, real PostgreSQL and Redis)', () => {
  jest.setTimeout(60_000);
  const SOLID_LAG = 2;
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let service: RunningService;
  let client: RedisStreamsClient;
  let usdt: string;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: SOLID_LAG }), createTestDatabase(), createTestRedis()]);
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
    service = await startService(config, [WatchModule, QueriesModule], { logger: false });
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

  const ask = <T>(pattern: string, payload: object) => client.request<T>(pattern, payload);

  it('gives the solidified head as the reference block', async () => {
    await devnet.mine(SOLID_LAG + 2);
    const info = await devnet.info();
    const ref = await ask<ReferenceBlockReply>('tron-client.block.reference.v1', {});
    expect(ref.number).toBe(info.solidBlock);
    expect(ref.id).toMatch(/^[0-9a-f]{64}$/);
    expect(BigInt('0x' + ref.id.slice(0, 16))).toBe(BigInt(ref.number));
  });

  it('reads balances on the solidified chain only, with the height read before them', async () => {
    const who = generateAccount().base58;
    const [fundTrx] = await devnet.fund(who, { trx: '40', usdt: '7.5' });
    await devnet.mine(1);
    const early = await ask<SolidBalanceReply>('tron-client.balance.solid.v1', { address: who, contract: usdt });
    expect(early).toMatchObject({ address: who, trx: '0', token: '0' });
    await devnet.mine(SOLID_LAG);
    const later = await ask<SolidBalanceReply>('tron-client.balance.solid.v1', { address: who, contract: usdt });
    expect(later).toMatchObject({ address: who, trx: '40000000', token: '7500000' });
    const status = await ask<TxChainStatusReply>('tron-client.tx.chain-status.v1', { txId: fundTrx });
    expect(status.solidBlock).not.toBeNull();
    expect(later.solidBlock).toBeGreaterThanOrEqual(status.solidBlock as number);
    const trxOnly = await ask<SolidBalanceReply>('tron-client.balance.solid.v1', { address: who });
    expect(trxOnly.token).toBeNull();
  });

  it('tells a contract from an account', async () => {
    expect(await ask<ContractCheckReply>('tron-client.contract.check.v1', { address: usdt })).toEqual({ address: usdt, isContract: true });
    const plain = (await devnet.accounts())[0].address;
    expect((await ask<ContractCheckReply>('tron-client.contract.check.v1', { address: plain })).isContract).toBe(false);
    const bad = plain.slice(0, -1) + (plain.endsWith('A') ? 'B' : 'A');
    await expect(ask('tron-client.contract.check.v1', { address: bad })).rejects.toMatchObject({ code: 'invalid_address' });
  });

  it('estimates a USDT transfer\'s energy with its price, and says when the call would revert', async () => {
    const [rich] = await devnet.accounts();
    const to = generateAccount().base58;
    const fine = await ask<EnergyEstimateReply>('tron-client.energy.estimate.v1', { owner: rich.address, contract: usdt, data: trc20TransferData(to, 1_000_000n) });
    expect(fine.ok).toBe(true);
    expect(BigInt(fine.energyUsed)).toBeGreaterThan(10_000n);
    expect(fine.energyPriceSun).toBe('100');
    expect(fine.bandwidthPriceSun).toBe('1000');
    const broke = generateAccount().base58;
    await devnet.fund(broke, { trx: '5' });
    await devnet.mine(1);
    const reverts = await ask<EnergyEstimateReply>('tron-client.energy.estimate.v1', { owner: broke, contract: usdt, data: trc20TransferData(to, 1_000_000n) });
    expect(reverts.ok).toBe(false);
    expect(reverts.message).toMatch(/REVERT|CONTRACT_EXE_ERROR/);
  });

  it('names which addresses are watched, and as what', async () => {
    const deposit = generateAccount().base58;
    const hot = generateAccount().base58;
    await ask('tron-client.watch.add.v1', { addresses: [deposit], kind: 'deposit' });
    await ask('tron-client.watch.add.v1', { addresses: [hot], kind: 'wallet' });
    const stranger = generateAccount();
    const reply = await ask<WatchLookupReply>('tron-client.watch.lookup.v1', { addresses: [deposit, hot, stranger.base58, stranger.address] });
    expect(reply.watched.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { address: deposit, kind: 'deposit' },
      { address: hot, kind: 'wallet' },
    ]);
    const refused = await ask('tron-client.watch.lookup.v1', { addresses: [] }).catch((e: TransportRpcError) => e);
    expect((refused as TransportRpcError).code).toBe('validation_failed');
  });

  it('follows a transaction from the pending pool to the solidified chain; an unknown one is nowhere', async () => {
    const who = generateAccount().base58;
    const [txId] = await devnet.fund(who, { trx: '3' });
    const pending = await ask<TxChainStatusReply>('tron-client.tx.chain-status.v1', { txId });
    expect(pending).toMatchObject({ txId, solidBlock: null, knownToHead: true, result: null });
    await devnet.mine(1 + SOLID_LAG);
    const solid = await ask<TxChainStatusReply>('tron-client.tx.chain-status.v1', { txId });
    expect(solid).toMatchObject({ txId, result: 'SUCCESS', knownToHead: true });
    expect(solid.solidBlock).toBeGreaterThan(0);
    expect(solid.solidHead.number).toBeGreaterThanOrEqual(solid.solidBlock as number);
    const unknown = await ask<TxChainStatusReply>('tron-client.tx.chain-status.v1', { txId: 'ab'.repeat(32) });
    expect(unknown).toMatchObject({ solidBlock: null, knownToHead: false, result: null });
    expect(unknown.solidHead.timestamp).toBeGreaterThan(0);
  });
});
