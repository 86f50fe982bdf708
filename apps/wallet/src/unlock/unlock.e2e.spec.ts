import { Client } from 'pg';
import { loadConfig } from '@tronpay/config';
import {
  NextDepositAddressReply,
  SignRequest,
  WALLET_DEPOSIT_ADDRESS_NEXT,
  WALLET_LOCK,
  WALLET_SIGN,
  WALLET_UNLOCK,
  WALLET_WALLETS_CREATE,
  WalletView,
} from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { base58ToHex, encodeRawData } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { startStandIns } from '../testing/stand-ins';
import { KeyStore } from '../keys/key-store';
import { SigningService } from '../signing/signing.service';
import { WalletModule } from '../wallet.module';


const PASSPHRASE = 'correct horse battery staple';

describe('passphrase mode: locked start, unlock of every replica, lock (real PostgreSQL, Redis)', () => {
  jest.setTimeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  const replicas: RunningService[] = [];
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let client: RedisStreamsClient;
  const wallet = { kek: { mode: 'passphrase' as const, scryptN: 2 ** 14 }, signing: { treasury: null, feeLimitCeilingSun: 30_000_000n, maxExpirationMs: 600_000 } };
  const startReplica = (consumer: string) =>
    startService(
      loadConfig('wallet', { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, PORT: '0', HOST: '127.0.0.1' }),
      [WalletModule.forRoot(wallet)],
      { logger: false, consumer },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    for (let i = 0; i < 2; i++) replicas.push(await startReplica(`replica-${i}`));
    standIns = await startStandIns(redis);
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 30_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await standIns?.close();
    for (const r of replicas) await r.close();
    await redis?.cleanup();
    await db?.drop();
  });

  /** A request to sign a freeze of 1 TRX by `hot`: no policy reason to refuse it, so only the lock can. */
  function stakeRequest(hot: WalletView, reference: string): SignRequest {
    const now = Date.now();
    const { rawDataHex, txID } = encodeRawData({
      contract: [
        {
          type: 'FreezeBalanceV2Contract',
          parameter: { value: { owner_address: base58ToHex(hot.address), frozen_balance: 1_000_000 }, type_url: 'type.googleapis.com/protocol.FreezeBalanceV2Contract' },
        },
      ],
      ref_block_bytes: '0001',
      ref_block_hash: '0102030405060708',
      expiration: now + 60_000,
      timestamp: now,
    });
    return { signer: { walletId: hot.id }, transaction: { txID, raw_data_hex: rawDataHex }, purpose: 'stake', reference, requestedBy: 'op' };
  }

  const lockedStates = () => replicas.map((r) => r.app.get(KeyStore).locked);
  async function eventually(expected: boolean[]) {
    for (let i = 0; i < 50 && JSON.stringify(lockedStates()) !== JSON.stringify(expected); i++) await new Promise((r) => setTimeout(r, 100));
    expect(lockedStates()).toEqual(expected);
  }

  it('starts locked: no vault, no key, nothing signed', async () => {
    expect(lockedStates()).toEqual([true, true]);
    await expect(client.request(WALLET_DEPOSIT_ADDRESS_NEXT, {})).rejects.toMatchObject({ code: 'vault_not_found' });
  });

  it('refuses a short passphrase before deriving anything', async () => {
    await expect(client.request(WALLET_UNLOCK, { passphrase: 'short', requestedBy: 'op' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('unlocks every replica from one command, then issues addresses and derives hot keys', async () => {
    expect(await client.request(WALLET_UNLOCK, { passphrase: PASSPHRASE, requestedBy: 'op' })).toEqual({ locked: false });
    await eventually([false, false]);
    const address = await client.request<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, {});
    expect(address.index).toBe(0);
    const hot = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'hot', kind: 'hot', requestedBy: 'op' });
    expect(hot.kind).toBe('hot');
  });

  it('refuses a wrong passphrase and stays unlocked', async () => {
    await expect(client.request(WALLET_UNLOCK, { passphrase: 'wrong horse battery staple', requestedBy: 'op' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    expect(lockedStates()).toEqual([false, false]);
  });

  it('locks every replica, and the same passphrase opens the same vault again', async () => {
    await client.request(WALLET_LOCK, { requestedBy: 'op' });
    await eventually([true, true]);
    // Locked: addresses still come from the stored xpubs, but nothing can be signed.
    const hot = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'hot while locked', kind: 'hot', requestedBy: 'op' });
    const signStake = () => client.request(WALLET_SIGN, stakeRequest(hot, 'locked-check'));
    await expect(signStake()).rejects.toMatchObject({ code: 'locked' });
    await client.request(WALLET_UNLOCK, { passphrase: PASSPHRASE, requestedBy: 'op' });
    await eventually([false, false]);
    await expect(signStake()).resolves.toMatchObject({ txId: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const c = new Client({ connectionString: db.url });
    await c.connect();
    const vaults = await c.query('select count(*)::int as n from wallet.vaults');
    const audit = await c.query("select action, outcome, reason from wallet.audit_log where action in ('unlock', 'lock') or reference = 'locked-check' order by id");
    let dump = '';
    for (const t of ['vaults', 'settings', 'audit_log', 'hd_accounts']) {
      for (const r of (await c.query(`select x::text as r from wallet.${t} x`)).rows) dump += r.r;
    }
    await c.end();
    expect(vaults.rows[0].n).toBe(1);
    expect(audit.rows.map((r) => `${r.action}:${r.outcome}${r.reason ? `:${r.reason}` : ''}`)).toEqual([
      'unlock:ok',
      'unlock:refused:wrong_passphrase',
      'lock:ok',
      'sign:failed:locked: The wallet service is locked: unlock it first',
      'unlock:ok',
      'sign:ok',
    ]);
    expect(dump).not.toContain('horse');
  });

  it('starts a replica that joins later, with vaults on record, locked: it signs nothing until the next unlock', async () => {
    const late = await startReplica('replica-late');
    replicas.push(late);
    const keys = late.app.get(KeyStore);
    expect(keys.locked).toBe(true);
    const hot = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'hot for the late replica', kind: 'hot', requestedBy: 'op' });
    // Straight to this replica's signer: the transport would hand the request to any replica.
    const signer = late.app.get(SigningService);
    await expect(signer.sign(stakeRequest(hot, 'late-locked'))).rejects.toMatchObject({ code: 'locked' });
    await client.request(WALLET_UNLOCK, { passphrase: PASSPHRASE, requestedBy: 'op' });
    for (let i = 0; i < 50 && keys.locked; i++) await new Promise((r) => setTimeout(r, 100));
    expect(keys.locked).toBe(false);
    await expect(signer.sign(stakeRequest(hot, 'late-unlocked'))).resolves.toMatchObject({ signer: hot.address });
  });
});
