import { Logger } from '@nestjs/common';
import { loadConfig } from '@tronpay/config';
import type { ContractCallReply, HeadBlockReply, StakeReply } from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { RedisStreamsClient, TransportRpcError } from '@tronpay/transport';
import {
  type BlockJson,
  buildDelegate,
  buildFreeze,
  buildTrc20Transfer,
  buildTrxTransfer,
  buildVote,
  encodeParams,
  functionSelector,
  generateAccount,
  referenceBlockOf,
  signTransaction,
  toBroadcastHex,
  trc20TransferData,
  TronAccount,
  UnsignedTransaction,
} from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { ChainStateModule } from './chain-state.module';

// Stake 2.0 state, the head block and constant calls over the transport, read from the devnet.
describe('tron-client chain state on the devnet', () => {
  jest.setTimeout(60_000);
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let service: RunningService;
  let client: RedisStreamsClient;
  let usdt: string;
  let faucet: TronAccount;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: 1 }), createTestDatabase(), createTestRedis()]);
    usdt = (await devnet.info()).usdtContract;
    const accounts = await devnet.accounts();
    faucet = { privateKey: accounts[0].privateKey, address: accounts[0].hex, base58: accounts[0].address, publicKey: '' };
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
    service = await startService(config, [ChainStateModule], { logger: false });
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

  const stake = (address: string) => client.request<StakeReply>('tron-client.stake.get.v1', { address });
  const call = (payload: Record<string, unknown>) => client.request<ContractCallReply>('tron-client.contract.call.v1', payload);
  const head = async () => (await (await fetch(`${devnet.url}/wallet/getblock`, { method: 'POST', body: '{"detail":false}' })).json()) as BlockJson;
  let stamp = Date.now();
  const send = async (build: (ctx: { ref: ReturnType<typeof referenceBlockOf>; timestamp: number }) => UnsignedTransaction, key: string) => {
    const tx = signTransaction(build({ ref: referenceBlockOf(await head()), timestamp: stamp++ }), key);
    const sent = (await (await fetch(`${devnet.url}/wallet/broadcasthex`, { method: 'POST', body: JSON.stringify({ transaction: toBroadcastHex(tx) }) })).json()) as { result?: boolean; message?: string };
    expect(sent).toMatchObject({ result: true });
  };

  it('the head block: number, id and chain time, as getblock has them', async () => {
    await devnet.mine();
    const reply = await client.request<HeadBlockReply>('tron-client.head-block.get.v1', {});
    const block = await head();
    expect(reply).toEqual({ number: block.block_header?.raw_data?.number, id: block.blockID, timestamp: block.block_header?.raw_data?.timestamp });
  });

  it('an address never paid: not activated, nothing staked, no resources (the node answers nothing for it)', async () => {
    const fresh = generateAccount();
    const reply = await stake(fresh.address);
    expect(reply).toMatchObject({ address: fresh.base58, activated: false, balance: '0', frozen: { energy: '0', bandwidth: '0' }, delegations: [], votes: [], reward: '0' });
    expect(reply.resources.bandwidth.available).toBe('0');
    expect(reply.totals).toEqual({ energyLimit: '0', energyWeight: '0', netLimit: '0', netWeight: '0' });
  });

  it('freeze, a locked and an unlocked delegation, votes: each as the chain holds it, with the lock end and what can still be delegated', async () => {
    const staker = generateAccount();
    const receiver = generateAccount();
    await send((ctx) => buildTrxTransfer({ from: faucet.base58, to: staker.base58, amount: 100_000_000_000n }, ctx), faucet.privateKey);
    await send((ctx) => buildTrxTransfer({ from: faucet.base58, to: receiver.base58, amount: 1_000_000n }, ctx), faucet.privateKey);
    await devnet.mine();
    await send((ctx) => buildFreeze({ owner: staker.base58, amount: 50_000_000_000n, resource: 'ENERGY' }, ctx), staker.privateKey);
    await send((ctx) => buildFreeze({ owner: staker.base58, amount: 1_000_000_000n, resource: 'BANDWIDTH' }, ctx), staker.privateKey);
    await devnet.mine();
    await send((ctx) => buildDelegate({ owner: staker.base58, receiver: receiver.base58, amount: 10_000_000_000n, resource: 'ENERGY', lockPeriodBlocks: 100 }, ctx), staker.privateKey);
    await send((ctx) => buildDelegate({ owner: staker.base58, receiver: receiver.base58, amount: 2_000_000_000n, resource: 'ENERGY' }, ctx), staker.privateKey);
    const witness = ((await (await fetch(`${devnet.url}/wallet/listwitnesses`, { method: 'POST', body: '{}' })).json()) as { witnesses: Array<{ address: string }> }).witnesses[0].address;
    await send((ctx) => buildVote({ owner: staker.base58, votes: [{ witness, count: 1_000n }] }, ctx), staker.privateKey);
    await devnet.mine();

    const s = await stake(staker.base58);
    const blockTime = (await head()).block_header?.raw_data?.timestamp as number;
    expect(s.frozen).toEqual({ energy: '38000000000', bandwidth: '1000000000' });
    expect(s.delegatedOut).toEqual({ energy: '12000000000', bandwidth: '0' });
    expect(s.canDelegate.energy).toBe('38000000000');
    expect(s.delegations).toEqual(
      expect.arrayContaining([
        { receiver: receiver.base58, resource: 'ENERGY', amount: '2000000000', locked: false, expireTime: null },
        { receiver: receiver.base58, resource: 'ENERGY', amount: '10000000000', locked: true, expireTime: expect.any(Number) },
      ]),
    );
    const lockEnd = s.delegations.find((d) => d.locked)?.expireTime ?? 0;
    expect(lockEnd - blockTime).toBeLessThanOrEqual(100 * 3000);
    expect(lockEnd).toBeGreaterThan(blockTime);
    expect(s.votes).toEqual([{ witness: expect.stringMatching(/^T/), count: 1000 }]);
    expect(s.tronPower).toEqual({ limit: '51000', used: '1000' });
    expect(s.headTime).toBe(blockTime);

    const r = await stake(receiver.base58);
    expect(r.delegatedIn).toEqual({ energy: '12000000000', bandwidth: '0' });
    // resource = stake x TotalEnergyLimit / (TotalEnergyWeight x 10^6), as the node computes it
    expect(BigInt(r.resources.energy.limit)).toBe((12_000_000_000n * BigInt(r.totals.energyLimit)) / (BigInt(r.totals.energyWeight) * 1_000_000n));
  });

  it('constant calls: token metadata, and the energy of a USDT transfer to a new holder vs an existing one', async () => {
    const decimals = await call({ contract: usdt, selector: 'decimals()' });
    expect(decimals).toMatchObject({ ok: true, exists: true, result: encodeParams(['uint8'], [6]) });
    const holder = generateAccount();
    await send((ctx) => buildTrc20Transfer({ from: faucet.base58, contract: usdt, to: holder.base58, amount: 1_000_000n, feeLimit: 100_000_000n }, ctx), faucet.privateKey);
    await devnet.mine();
    const data = (to: string) => trc20TransferData(to, 1_000_000n);
    const toNew = await call({ contract: usdt, owner: faucet.base58, data: data(generateAccount().base58), estimate: true });
    const toHolder = await call({ contract: usdt, owner: faucet.base58, data: data(holder.base58), estimate: true });
    expect(toNew).toMatchObject({ ok: true, energyUsed: 130_285, method: 'estimateenergy' });
    expect(toHolder).toMatchObject({ ok: true, energyUsed: 64_285 });
    const viaTrigger = await call({ contract: usdt, owner: faucet.base58, data: data(holder.base58) });
    expect(viaTrigger).toMatchObject({ ok: true, energyUsed: 64_285, method: 'triggerconstantcontract', result: encodeParams(['bool'], [true]) });
    // More than the owner holds: the call reverts, and says so.
    const poor = await call({ contract: usdt, owner: generateAccount().base58, data: data(holder.base58) });
    expect(poor.ok).toBe(false);
    const missing = await call({ contract: generateAccount().base58, selector: 'symbol()' });
    expect(missing).toMatchObject({ exists: false, ok: false });
    expect(functionSelector('decimals()')).toBe('313ce567');
  });

  it('refuses a bad address, and a call with neither selector nor data', async () => {
    const good = generateAccount().base58;
    const badChecksum = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    await expect(stake(badChecksum)).rejects.toMatchObject({ code: 'invalid_address' });
    await expect(stake('nope')).rejects.toBeInstanceOf(TransportRpcError);
    await expect(call({ contract: usdt })).rejects.toMatchObject({ code: 'contract_call_failed' });
    await expect(call({ contract: usdt, selector: 'drop table' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
