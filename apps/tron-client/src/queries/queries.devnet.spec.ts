import { Logger } from '@nestjs/common';
import { loadConfig } from '@tronpay/config';
import type { AccountReply, ChainParametersReply, NetworkReply, TokenBalanceReply } from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { RedisStreamsClient, TransportRpcError } from '@tronpay/transport';
import { type BlockJson, buildFreeze, createTronWeb, generateAccount, referenceBlockOf, signTransaction, toBroadcastHex } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetAccount, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { QueriesModule } from './queries.module';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Account, TRC20 balance, chain parameters and network status over the transport, on the devnet.
describe('tron-client queries on the devnet', () => {
  jest.setTimeout(30_000);
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let service: RunningService;
  let client: RedisStreamsClient;
  let accounts: DevnetAccount[];
  let usdt: string;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: 2 }), createTestDatabase(), createTestRedis()]);
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

  const account = (address: string, view?: 'head' | 'solid') => client.request<AccountReply>('tron-client.account.get.v1', { address, ...(view ? { view } : {}) });
  const rpcError = (p: Promise<unknown>) => p.then(() => null, (e: TransportRpcError) => e);

  it('an address never paid: not activated, zero balance and resources', async () => {
    const fresh = generateAccount();
    const reply = await account(fresh.address); // hex in, base58 out
    expect(reply).toMatchObject({ address: fresh.base58, activated: false, balance: '0', view: 'head' });
    expect(reply.resources.energy).toEqual({ limit: '0', used: '0', available: '0' });
    expect(reply.resources.staked).toEqual({ energy: '0', bandwidth: '0' });
  });

  it('balances and resources after a funded transfer, a stake and a USDT payment; cached a few seconds in Redis', async () => {
    const to = generateAccount();
    const tw = createTronWeb(devnet.url, accounts[0].privateKey);
    await tw.trx.sendTransaction(to.base58, 250_000_000); // 250 TRX
    const token = await tw.contract().at(usdt);
    await token.methods.transfer(to.base58, 12_500_000).send({ feeLimit: 100_000_000 });
    await devnet.mine();
    // The new account stakes 100 TRX for energy (built and signed offline, sent to the node).
    const head = (await (await fetch(`${devnet.url}/wallet/getblock`, { method: 'POST', body: '{"detail":false}' })).json()) as BlockJson;
    const freeze = signTransaction(buildFreeze({ owner: to.base58, amount: 100_000_000n, resource: 'ENERGY' }, { ref: referenceBlockOf(head), timestamp: Date.now() }), to.privateKey);
    const sent = (await (await fetch(`${devnet.url}/wallet/broadcasthex`, { method: 'POST', body: JSON.stringify({ transaction: toBroadcastHex(freeze) }) })).json()) as { result?: boolean };
    expect(sent.result).toBe(true);
    await devnet.mine();

    const reply = await account(to.base58);
    expect(reply.activated).toBe(true);
    expect(BigInt(reply.balance)).toBeLessThanOrEqual(150_000_000n); // 250 - 100 staked - fees
    expect(BigInt(reply.balance)).toBeGreaterThan(149_000_000n);
    expect(reply.resources.staked).toEqual({ energy: '100000000', bandwidth: '0' });
    expect(BigInt(reply.resources.energy.limit)).toBeGreaterThan(0n);
    expect(reply.resources.energy.available).toBe(reply.resources.energy.limit);
    expect(reply.resources.bandwidth.freeLimit).toBe('600');
    expect(reply.resources.delegatedIn).toEqual({ energy: '0', bandwidth: '0' });

    const balance = await client.request<TokenBalanceReply>('tron-client.token-balance.get.v1', { address: to.base58, contract: usdt });
    expect(balance).toEqual({ address: to.base58, contract: usdt, balance: '12500000', view: 'head' });
    const whale = await client.request<TokenBalanceReply>('tron-client.token-balance.get.v1', { address: accounts[1].address, contract: usdt });
    expect(whale.balance).toBe('1000000000000'); // 1,000,000 USDT, past 2^32: decoded as a bigint

    // Cached under the service's prefix, for a few seconds; a second call is a hit.
    const ttl = await redis.client.pttl(`${redis.prefix}cache:devnet:account:head:${to.address}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3000);
    const stats = (await (await fetch(`${service.url}/stats`)).json()) as { queries: { cache: { hits: number; misses: number } } };
    await account(to.base58);
    const after = (await (await fetch(`${service.url}/stats`)).json()) as { queries: { cache: { hits: number; misses: number } } };
    expect(after.queries.cache.hits).toBe(stats.queries.cache.hits + 1);
  });

  it('chain parameters and network status (GET /v1/network shape)', async () => {
    const params = await client.request<ChainParametersReply>('tron-client.chain-parameters.get.v1', {});
    expect(typeof params.parameters.getEnergyFee).toBe('number');

    await devnet.mine(3);
    const info = await devnet.info();
    let network: NetworkReply | undefined;
    for (let i = 0; i < 40; i++) {
      network = await client.request<NetworkReply>('tron-client.network.get.v1', {});
      if (network.nodes[0]?.healthy && network.headBlock === info.headBlock) break;
      await sleep(100);
    }
    expect(network).toEqual({
      network: 'devnet',
      headBlock: info.headBlock,
      solidBlock: info.solidBlock,
      nodes: [{ url: devnet.url, healthy: true, latencyMs: expect.any(Number) }],
    });
  });

  it('refuses bad addresses: malformed by validation, a wrong checksum by the service; a non-contract fails clearly', async () => {
    expect((await rpcError(account('nope')))?.code).toBe('validation_failed');
    const good = generateAccount().base58;
    const badChecksum = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    expect((await rpcError(account(badChecksum)))?.code).toBe('invalid_address');
    const notContract = await rpcError(client.request('tron-client.token-balance.get.v1', { address: good, contract: generateAccount().base58 }));
    expect(notContract?.code).toBe('contract_call_failed');
  });
});
