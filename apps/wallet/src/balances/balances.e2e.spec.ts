import { randomBytes } from 'node:crypto';
import { loadConfig } from '@tronpay/config';
import { Client } from 'pg';
import {
  NextDepositAddressReply,
  WALLET_DEPOSIT_ADDRESS_NEXT,
  WALLET_WALLETS_BALANCE,
  WALLET_WALLETS_CREATE,
  WalletBalanceView,
  WalletView,
} from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import {
  createTestDatabase,
  createTestRedis,
  DevnetProcess,
  ServiceProcess,
  spawnApp,
  startDevnetProcess,
  TestDatabase,
  TestRedis,
  waitForStatus,
} from '@tronpay/testing';
import { generateAccount } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { WalletModule } from '../wallet.module';
import { BalanceService } from './balance.service';

describe('wallet balances through the real tron-client (devnet)', () => {
  jest.setTimeout(120_000);
  let devnet: DevnetProcess;
  let walletDb: TestDatabase;
  let tronDb: TestDatabase;
  let redis: TestRedis;
  let tronClient: ServiceProcess;
  let wallet: RunningService;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    [devnet, walletDb, tronDb, redis] = await Promise.all([
      startDevnetProcess({ solidLag: 1 }),
      createTestDatabase(),
      createTestDatabase(),
      createTestRedis(),
    ]);
    const usdt = (await devnet.info()).usdtContract;
    const shared = { REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, TRON_NODE_URLS: devnet.url, USDT_CONTRACT: usdt };
    tronClient = await spawnApp('tron-client', { ...shared, DATABASE_URL: tronDb.url });
    await waitForStatus(tronClient, `${tronClient.url}/health/ready`);
    const config = loadConfig('wallet', { ...shared, DATABASE_URL: walletDb.url, PORT: '0', HOST: '127.0.0.1' });
    const signing = { treasury: null, feeLimitCeilingSun: 30_000_000n, maxExpirationMs: 600_000 };
    wallet = await startService(config, [WalletModule.forRoot({ kek: { mode: 'key', kek: randomBytes(32) }, signing })], { logger: false });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 30_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await wallet?.close();
    if (tronClient && tronClient.child.exitCode === null) {
      tronClient.child.kill('SIGTERM');
      await tronClient.exited;
    }
    await devnet?.close();
    await redis?.cleanup();
    await Promise.all([walletDb?.drop(), tronDb?.drop()]);
  });

  it("follows a watch wallet's TRX and USDT as the chain changes", async () => {
    const outside = generateAccount().base58;
    const watch = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'cold store', kind: 'watch', address: outside, requestedBy: 'spec' });
    const before = await client.request<WalletBalanceView>(WALLET_WALLETS_BALANCE, { id: watch.id, refresh: true });
    expect(before).toMatchObject({ walletId: watch.id, trx: '0', usdt: '0' });

    await devnet.fund(outside, { trx: '12.5', usdt: '3.25' });
    await devnet.mine(1);
    // Within the freshness window the stored figure answers; asking to refresh reads the chain.
    expect((await client.request<WalletBalanceView>(WALLET_WALLETS_BALANCE, { id: watch.id })).trx).toBe('0');
    await new Promise((r) => setTimeout(r, 3500)); // tron-client's account cache lives 3 s
    const after = await client.request<WalletBalanceView>(WALLET_WALLETS_BALANCE, { id: watch.id, refresh: true });
    expect(after).toMatchObject({ trx: '12.5', usdt: '3.25' });
    expect(Number(after.bandwidth)).toBeGreaterThan(0);
  });

  it('refreshes every active wallet on its schedule, so a plain read follows the chain without asking', async () => {
    const outside = generateAccount().base58;
    const watch = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'scheduled', kind: 'watch', address: outside, requestedBy: 'spec' });
    expect(await client.request<WalletBalanceView>(WALLET_WALLETS_BALANCE, { id: watch.id, refresh: true })).toMatchObject({ trx: '0' });
    await devnet.fund(outside, { trx: '7' });
    await devnet.mine(1);
    await new Promise((r) => setTimeout(r, 3500)); // tron-client's account cache lives 3 s
    // What the timer runs each round, run now: the wallet's stored figure moves without a refresh request.
    expect(await wallet.app.get(BalanceService).refreshAll()).toBeGreaterThanOrEqual(2);
    expect(await client.request<WalletBalanceView>(WALLET_WALLETS_BALANCE, { id: watch.id })).toMatchObject({ trx: '7' });
  });

  it("registers a deposit address in the real tron-client's watched set before handing it out", async () => {
    const { address } = await client.request<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, { reference: 'invoice-real' });
    const c = new Client({ connectionString: tronDb.url });
    await c.connect();
    const { rows } = await c.query("select kind, label from tron_client.watched_addresses where address = $1", [address]);
    await c.end();
    expect(rows).toEqual([{ kind: 'deposit', label: 'invoice-real' }]);
  });

  it('answers an unknown wallet with wallet_not_found', async () => {
    await expect(
      client.request(WALLET_WALLETS_BALANCE, { id: '00000000-0000-4000-8000-000000000000', refresh: true }),
    ).rejects.toMatchObject({ code: 'wallet_not_found' });
  });
});
