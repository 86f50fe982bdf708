import { Logger } from '@nestjs/common';
import { loadConfig } from '@tronpay/config';
import { RunningService, startService } from '@tronpay/runtime';
import { RedisStreamsClient, streamKeys, TransportRpcError } from '@tronpay/transport';
import { createTronWeb, generateAccount } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, DevnetProcess, startDevnetProcess, TestDatabase, TestRedis } from '@tronpay/testing';
import { TronClientModule } from './tron-client.module';

// The whole service (Nest wiring, handlers, validation, stats, metrics) on the devnet.
describe('tron-client service over the transport', () => {
  jest.setTimeout(60_000);
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let service: RunningService;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: 2 }), createTestDatabase(), createTestRedis()]);
    const config = loadConfig('tron-client', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      TRON_NODE_URLS: devnet.url,
      TRON_API_KEY: 'a-key-that-must-never-show',
      TRON_SCANNER_POLL_MS: '50',
      PORT: '0',
      HOST: '127.0.0.1',
    });
    service = await startService(config, [TronClientModule], { logger: false });
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

  const rpcError = (p: Promise<unknown>) => p.then(() => null, (e: TransportRpcError) => e);

  it('rejects bad addresses: malformed ones by validation, a wrong checksum by the service', async () => {
    const malformed = await rpcError(client.request('tron-client.watch.add.v1', { addresses: ['nope'], kind: 'deposit' }));
    expect(malformed?.code).toBe('validation_failed');
    const good = generateAccount().base58;
    const badChecksum = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const e = await rpcError(client.request('tron-client.watch.add.v1', { addresses: [badChecksum], kind: 'deposit' }));
    expect(e?.code).toBe('invalid_address');
    const kind = await rpcError(client.request('tron-client.watch.add.v1', { addresses: [good], kind: 'savings' }));
    expect(kind?.code).toBe('validation_failed');
  });

  it('watches an address before the call returns: paid in the next block, deposit.detected follows', async () => {
    const to = generateAccount();
    const reply = await client.request<{ added: number; watched: number }>('tron-client.watch.add.v1', { addresses: [to.address], kind: 'deposit' });
    expect(reply).toEqual({ added: 1, watched: 1 });
    expect(await client.request('tron-client.watch.add.v1', { addresses: [to.base58], kind: 'deposit' })).toEqual({ added: 0, watched: 1 });

    const [payer] = await devnet.accounts();
    const tw = createTronWeb(devnet.url, payer.privateKey);
    const { txid } = (await tw.trx.sendTransaction(to.base58, 4_200_000)) as unknown as { txid: string };
    await devnet.mine();
    const key = streamKeys(redis.prefix).event('deposit.detected');
    const until = Date.now() + 10_000;
    let events: Array<Record<string, unknown>> = [];
    while (Date.now() < until && events.length === 0) {
      events = (await redis.client.xrange(key, '-', '+')).map(([, f]) => JSON.parse(f[f.indexOf('data') + 1]));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events).toEqual([
      expect.objectContaining({ txId: txid, logIndex: -1, token: 'TRX', to: to.base58, from: payer.address, amount: '4200000', network: 'devnet' }),
    ]);
  });

  it('registers tokens by contract and refuses a conflicting re-registration', async () => {
    const contract = await devnet.createToken({ name: 'Other', symbol: 'OTH', decimals: 8 });
    expect(await client.request('tron-client.tokens.add.v1', { contract, symbol: 'OTH', decimals: 8 })).toEqual({ contract, symbol: 'OTH', decimals: 8, added: true });
    expect(await client.request('tron-client.tokens.add.v1', { contract, symbol: 'OTH', decimals: 8 })).toMatchObject({ added: false });
    expect((await rpcError(client.request('tron-client.tokens.add.v1', { contract, symbol: 'OTH', decimals: 6 })))?.code).toBe('token_conflict');
  });

  it('shows node health and the scanner in /stats and /metrics, never the API key', async () => {
    const stats = (await (await fetch(`${service.url}/stats`)).json()) as Record<string, Record<string, unknown>>;
    expect(stats.nodes.nodes).toEqual([expect.objectContaining({ node: devnet.url, healthy: true, circuit: 'closed' })]);
    expect(stats.scanner).toMatchObject({ leader: true, network: 'devnet', skipped: expect.objectContaining({ 'malformed-log': 0 }), skippedToWatched: 0 });
    expect(stats.watched).toEqual({ addresses: 1 });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/tronpay_node_requests_total\{node="http:\/\/127\.0\.0\.1:\d+",outcome="ok",service="tron-client"\} \d+/);
    expect(metrics).toContain('tronpay_node_head_block');
    expect(metrics).toContain('tronpay_scanner_blocks_total');
    expect(metrics).toContain('tronpay_scanner_transfers_skipped_total');
    const config = JSON.stringify(stats) + metrics;
    expect(config).not.toContain('a-key-that-must-never-show');
  });
});
