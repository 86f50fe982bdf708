import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@tronpay/config';
import {
  AuditView,
  Page,
  WALLET_AUDIT_LIST,
  WALLET_SIGN,
  WALLET_WALLETS_ARCHIVE,
  WALLET_WALLETS_CREATE,
  WALLET_WALLETS_GET,
  WALLET_WALLETS_UPDATE,
  WalletView,
} from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { base58ToHex, encodeRawData, generateAccount } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { SigningService } from '../signing/signing.service';
import { startStandIns } from '../testing/stand-ins';
import { WalletModule } from '../wallet.module';

describe('wallets of every kind: create, update, archive, and only hot ones sign (real PostgreSQL, Redis transport)', () => {
  jest.setTimeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let wallet: RunningService;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let client: RedisStreamsClient;
  const treasury = generateAccount().base58;
  const startWallet = (kek: Buffer, consumer?: string) =>
    startService(
      loadConfig('wallet', { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, PORT: '0', HOST: '127.0.0.1' }),
      [WalletModule.forRoot({ kek: { mode: 'key', kek }, signing: { treasury, feeLimitCeilingSun: 30_000_000n, maxExpirationMs: 600_000 } })],
      { logger: false, ...(consumer ? { consumer } : {}) },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    wallet = await startWallet(randomBytes(32));
    standIns = await startStandIns(redis);
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 30_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await standIns?.close();
    await wallet?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const sql = async <T>(text: string, values: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, values)).rows as T[];
    } finally {
      await c.end();
    }
  };

  const create = (body: Record<string, unknown>) => client.request<WalletView>(WALLET_WALLETS_CREATE, { requestedBy: 'spec', ...body });
  const trail = async (id: string) =>
    (await client.request<Page<AuditView>>(WALLET_AUDIT_LIST, { walletId: id, limit: 20 })).data.map((a) => `${a.action}:${a.outcome}`);

  /** A TRX sweep of `from` to the treasury, as a caller would bring it. */
  function sweepFrom(from: string) {
    const now = Date.now();
    return encodeRawData({
      contract: [
        {
          type: 'TransferContract',
          parameter: {
            value: { owner_address: base58ToHex(from), to_address: base58ToHex(treasury), amount: 1_000_000 },
            type_url: 'type.googleapis.com/protocol.TransferContract',
          },
        },
      ],
      ref_block_bytes: '0001',
      ref_block_hash: '0102030405060708',
      expiration: now + 60_000,
      timestamp: now,
    });
  }

  const kinds: Record<string, WalletView> = {};

  it('creates hot, cold, watch, hardware and multisig wallets, each watched by tron-client', async () => {
    kinds.hot = await create({ label: 'hot', kind: 'hot', category: 'payouts', owner: 'ops' });
    for (const kind of ['cold', 'watch', 'hardware'] as const) kinds[kind] = await create({ label: kind, kind, address: generateAccount().base58 });
    const [a, b] = [generateAccount().base58, generateAccount().base58];
    kinds.multisig = await create({
      label: 'multisig',
      kind: 'multisig',
      address: generateAccount().base58,
      threshold: 2,
      signers: [{ address: kinds.hot.address }, { address: a }, { address: b }],
    });
    expect(kinds.multisig).toMatchObject({ threshold: 2, signers: [kinds.hot.address, a, b].map((address) => ({ address, weight: 1 })) });
    expect(kinds.hot).toMatchObject({ kind: 'hot', category: 'payouts', owner: 'ops', archivedAt: null });
    for (const w of Object.values(kinds)) expect(standIns.watched.get(w.address)).toBe('wallet');
    // Only the hot wallet has a key here, and it lives in the vault, not in the wallet row.
    const rows = await sql<{ kind: string; has_vault: boolean }>('select kind, vault_id is not null as has_vault from wallet.wallets order by kind');
    expect(rows).toEqual(['cold', 'hardware', 'hot', 'multisig', 'watch'].map((kind) => ({ kind, has_vault: kind === 'hot' })));
  });

  it('refuses a hot wallet with a given address, a multisig that cannot reach its threshold, and a second active wallet on one address', async () => {
    await expect(create({ label: 'x', kind: 'hot', address: generateAccount().base58 })).rejects.toMatchObject({ code: 'policy_refused' });
    await expect(
      create({ label: 'x', kind: 'multisig', address: generateAccount().base58, threshold: 3, signers: [{ address: generateAccount().base58 }] }),
    ).rejects.toMatchObject({ code: 'policy_refused', message: "The signers' weights cannot reach the threshold" });
    await expect(create({ label: 'again', kind: 'watch', address: kinds.watch.address })).rejects.toMatchObject({
      code: 'policy_refused',
      message: 'An active wallet already has this address',
    });
  });

  it('gives a create retried with its idempotency key the same wallet, even when the retries race', async () => {
    const key = `key-1:create-${randomBytes(4).toString('hex')}`;
    const replies = await Promise.all(Array.from({ length: 10 }, () => create({ label: 'payout hot', kind: 'hot', idempotencyKey: key })));
    expect(new Set(replies.map((w) => w.id)).size).toBe(1);
    expect(new Set(replies.map((w) => w.address)).size).toBe(1);
    const again = await create({ label: 'payout hot', kind: 'hot', idempotencyKey: key });
    expect(again.id).toBe(replies[0].id);
    const rows = await sql<{ n: number }>('select count(*)::int as n from wallet.wallets where idempotency_key = $1', [key]);
    expect(rows[0].n).toBe(1);
    const other = await create({ label: 'payout hot', kind: 'hot', idempotencyKey: `${key}-other` });
    expect(other.id).not.toBe(replies[0].id);
  });

  it('updates label, category and owner, and audits it', async () => {
    const updated = await client.request<WalletView>(WALLET_WALLETS_UPDATE, { id: kinds.cold.id, label: 'vault B', category: 'reserve', owner: 'cfo', requestedBy: 'spec' });
    expect(updated).toMatchObject({ id: kinds.cold.id, label: 'vault B', category: 'reserve', owner: 'cfo', address: kinds.cold.address });
    expect(await client.request<WalletView>(WALLET_WALLETS_GET, { id: kinds.cold.id })).toMatchObject({ label: 'vault B' });
    expect(await trail(kinds.cold.id)).toEqual(['wallet.update:ok', 'wallet.create:ok']);
  });

  it('never signs for a cold, watch or hardware wallet, and audits each refusal on its trail', async () => {
    for (const kind of ['cold', 'watch', 'hardware'] as const) {
      const { rawDataHex, txID } = sweepFrom(kinds[kind].address);
      await expect(
        client.request(WALLET_SIGN, {
          signer: { walletId: kinds[kind].id },
          transaction: { txID, raw_data_hex: rawDataHex },
          purpose: 'sweep',
          reference: `sweep-${kind}`,
          requestedBy: 'neighbour',
        }),
      ).rejects.toMatchObject({ code: 'policy_refused', message: `A ${kind} wallet holds no key here` });
      expect((await trail(kinds[kind].id))[0]).toBe('sign:refused');
    }
    const reasons = await sql<{ reason: string }>("select reason from wallet.audit_log where action = 'sign' order by id");
    expect(reasons.map((r) => r.reason)).toEqual(['cold', 'watch', 'hardware'].map((k) => `policy_refused: A ${k} wallet holds no key here`));
  });

  it('archives without deleting: the row and its key stay, it no longer signs or changes', async () => {
    const vaultsBefore = await sql<{ n: number }>('select count(*)::int as n from wallet.vaults');
    const archived = await client.request<WalletView>(WALLET_WALLETS_ARCHIVE, { id: kinds.hot.id, requestedBy: 'spec' });
    expect(archived.archivedAt).not.toBeNull();
    expect(await client.request<WalletView>(WALLET_WALLETS_GET, { id: kinds.hot.id })).toMatchObject({ archivedAt: archived.archivedAt });
    await expect(client.request(WALLET_WALLETS_UPDATE, { id: kinds.hot.id, label: 'revived', requestedBy: 'spec' })).rejects.toMatchObject({
      code: 'wallet_not_found',
    });
    await expect(client.request(WALLET_WALLETS_ARCHIVE, { id: kinds.hot.id, requestedBy: 'spec' })).rejects.toMatchObject({ code: 'wallet_not_found' });
    const { rawDataHex, txID } = sweepFrom(kinds.hot.address);
    await expect(
      client.request(WALLET_SIGN, {
        signer: { walletId: kinds.hot.id },
        transaction: { txID, raw_data_hex: rawDataHex },
        purpose: 'sweep',
        reference: 'after-archive',
        requestedBy: 'spec',
      }),
    ).rejects.toMatchObject({ code: 'wallet_not_found' });
    expect(await trail(kinds.hot.id)).toEqual(['sign:refused', 'wallet.archive:ok', 'wallet.create:ok']);
    expect(await sql('select id from wallet.wallets where id = $1', [kinds.hot.id])).toHaveLength(1);
    expect(await sql<{ n: number }>('select count(*)::int as n from wallet.vaults')).toEqual(vaultsBefore);
    // Its address may be taken by a new wallet, which does not revive the archived one.
    const again = await create({ label: 'watch the old hot', kind: 'watch', address: kinds.hot.address });
    expect(again.id).not.toBe(kinds.hot.id);
  });

  it('refuses to sign with a tampered vault or under another KEK, and audits it: never a wrong key', async () => {
    const hot = await create({ label: 'tamper', kind: 'hot' });
    const request = (reference: string) => {
      const { rawDataHex, txID } = sweepFrom(hot.address);
      return { signer: { walletId: hot.id }, transaction: { txID, raw_data_hex: rawDataHex }, purpose: 'sweep' as const, reference, requestedBy: 'spec' };
    };
    const [vault] = await sql<{ id: string; ciphertext: Buffer }>("select id, ciphertext from wallet.vaults where kind = 'hd'");
    await sql('update wallet.vaults set ciphertext = set_byte(ciphertext, 20, get_byte(ciphertext, 20) # 1) where id = $1', [vault.id]);
    await expect(client.request(WALLET_SIGN, request('tampered'))).rejects.toMatchObject({ code: 'key_integrity' });
    await sql('update wallet.vaults set ciphertext = $2 where id = $1', [vault.id, vault.ciphertext]);
    await expect(client.request(WALLET_SIGN, request('restored'))).resolves.toMatchObject({ signer: hot.address });

    // A replica given another KEK, asked directly (the transport would hand the request to either).
    const other = await startWallet(randomBytes(32), 'other-kek');
    try {
      await expect(other.app.get(SigningService).sign(request('other-kek'))).rejects.toMatchObject({ code: 'wrong_kek' });
    } finally {
      await other.close();
    }
    const rows = await sql<{ outcome: string; reference: string; reason: string | null }>(
      "select outcome, reference, reason from wallet.audit_log where wallet_id = $1 and action = 'sign' order by id",
      [hot.id],
    );
    expect(rows).toEqual([
      { outcome: 'failed', reference: 'tampered', reason: 'key_integrity: Key material failed its integrity check (tampered, or sealed under another key)' },
      { outcome: 'ok', reference: 'restored', reason: null },
      { outcome: 'failed', reference: 'other-kek', reason: 'wrong_kek: This vault was sealed under another key-encryption key' },
    ]);
  });
});
