import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@tronpay/config';
import { NextDepositAddressReply, WALLET_DEPOSIT_ADDRESS_NEXT } from '@tronpay/models';
import { RunningService, startService } from '@tronpay/runtime';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { RedisStreamsClient } from '@tronpay/transport';
import { startStandIns } from '../testing/stand-ins';
import { VaultService } from '../vaults/vault.service';
import { WalletModule } from '../wallet.module';

const MNEMONIC = 'cook voyage document eight skate token alien guide drink uncle term abuse';

describe('deposit addresses (real PostgreSQL, Redis transport)', () => {
  jest.setTimeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let wallet: RunningService;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let client: RedisStreamsClient;
  const kek = randomBytes(32);

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    const config = loadConfig('wallet', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: '20',
    });
    wallet = await startService(config, [WalletModule.forRoot({ kek: { mode: 'key', kek }, signing: { treasury: null, feeLimitCeilingSun: 30_000_000n, maxExpirationMs: 600_000 } })], { logger: false });
    standIns = await startStandIns(redis);
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 60_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await standIns?.close();
    await wallet?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const sql = async <T>(text: string): Promise<T[]> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  };

  it('creates one default HD vault at first boot', async () => {
    const rows = await sql<{ kind: string; label: string }>('select kind, label from wallet.vaults');
    expect(rows).toEqual([{ kind: 'hd', label: 'default' }]);
  });

  it('hands 1,000 concurrent requests 1,000 distinct addresses, each watched before it is returned', async () => {
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        client.request<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, { reference: `invoice-${i}` }),
      ),
    );
    const addresses = new Set(replies.map((r) => r.address));
    expect(addresses.size).toBe(1000);
    expect(new Set(replies.map((r) => r.index))).toEqual(new Set(Array.from({ length: 1000 }, (_, i) => i)));
    for (const r of replies) expect(standIns.watched.has(r.address)).toBe(true);
    const [{ n }] = await sql<{ n: number }>('select count(distinct address)::int as n from wallet.deposit_addresses');
    expect(n).toBe(1000);
    const [{ issued }] = await sql<{ issued: number }>(
      "select count(*)::int as issued from wallet.audit_log where action = 'deposit_address.issue' and outcome = 'ok'",
    );
    expect(issued).toBe(1000);
  });

  it('never hands out an address tron-client did not accept to watch', async () => {
    standIns.refuseWatch = true;
    await expect(client.request(WALLET_DEPOSIT_ADDRESS_NEXT, {})).rejects.toMatchObject({ code: 'node_unavailable' });
    standIns.refuseWatch = false;
    const next = await client.request<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, {});
    expect(standIns.watched.has(next.address)).toBe(true);
  });

  it('rejects a malformed request without issuing an address', async () => {
    const [{ before }] = await sql<{ before: number }>('select count(*)::int as before from wallet.deposit_addresses');
    await expect(client.request(WALLET_DEPOSIT_ADDRESS_NEXT, { reference: 42 })).rejects.toMatchObject({ code: 'validation_failed' });
    const [{ after }] = await sql<{ after: number }>('select count(*)::int as after from wallet.deposit_addresses');
    expect(after).toBe(before);
  });

  it('derives the imported mnemonic\'s published addresses and keeps the mnemonic and KEK out of every column', async () => {
    const vaults = wallet.app.get(VaultService);
    const { vaultId } = await vaults.createHdVault('imported', 'spec', MNEMONIC);
    const [{ xpub }] = await sql<{ xpub: string }>(`select xpub from wallet.hd_accounts where vault_id = '${vaultId}'`);
    expect(xpub).toMatch(/^xpub/);
    const tables = await sql<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'wallet' and table_type = 'BASE TABLE'",
    );
    let dump = '';
    for (const { table_name } of tables) {
      for (const row of await sql<{ r: string }>(`select t::text as r from wallet.${table_name} t`)) dump += row.r + '\n';
    }
    expect(dump.length).toBeGreaterThan(1000);
    for (const needle of [MNEMONIC, 'cook voyage', Buffer.from(MNEMONIC).toString('hex'), kek.toString('hex'), kek.toString('base64')]) {
      expect(dump).not.toContain(needle);
    }
  });

  it('never deletes a key: vault and wallet rows cannot be removed', async () => {
    const [before] = await sql<{ n: number }>('select count(*)::int as n from wallet.vaults');
    await expect(sql('delete from wallet.vaults')).rejects.toThrow(/archived, never deleted/);
    await expect(sql('truncate wallet.wallets cascade')).rejects.toThrow(/archived, never deleted/);
    const [after] = await sql<{ n: number }>('select count(*)::int as n from wallet.vaults');
    expect(after.n).toBe(before.n);
    expect(after.n).toBeGreaterThan(0);
  });

  it('keeps the audit log append-only', async () => {
    await expect(sql("update wallet.audit_log set outcome = 'refused'")).rejects.toThrow(/append-only/);
    await expect(sql('delete from wallet.audit_log')).rejects.toThrow(/append-only/);
    await expect(sql('truncate wallet.audit_log')).rejects.toThrow(/append-only/);
  });
});
