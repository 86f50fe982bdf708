import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { HDKey } from '@scure/bip32';
import { wordlist } from '@scure/bip39/wordlists/english';
import { Client } from 'pg';
import { processEnv } from '@tronpay/config';
import {
  AuditView,
  NextDepositAddressReply,
  Page,
  SignReply,
  WALLET_AUDIT_LIST,
  WALLET_DEPOSIT_ADDRESS_NEXT,
  WALLET_MULTISIG_COMBINE,
  WALLET_SIGN,
  WALLET_WALLETS_CREATE,
  WALLET_WALLETS_GET,
  WALLET_WALLETS_LIST,
  WalletView,
} from '@tronpay/models';
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
  WORKSPACE_ROOT,
} from '@tronpay/testing';
import { accountFromPrivateKey, createTronWeb, generateAccount, isValidPrivateKey } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { dekContext, open, openSecret } from './keys/envelope';
import { accountPath, derivePrivateKey, seedOf } from './keys/hd-derivation';
import { startStandIns } from './testing/stand-ins';

const WORDS = new Set(wordlist);

/** Any 64-hex run that is the private key of one of our addresses (a key we did not think of). */
function leakedKeys(text: string, ours: Set<string>): string[] {
  const hits = text.match(/[0-9a-fA-F]{64}/g) ?? [];
  return hits.filter((h) => isValidPrivateKey(h) && ours.has(accountFromPrivateKey(h).base58));
}

/** Twelve or more BIP-39 words in a row: a mnemonic. */
function mnemonicRuns(text: string): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  for (const word of text.split(/[^a-z]+/)) {
    if (WORDS.has(word)) run.push(word);
    else {
      if (run.length >= 12) runs.push(run.join(' '));
      run = [];
    }
  }
  if (run.length >= 12) runs.push(run.join(' '));
  return runs;
}

/** The forms a secret could leak in: as text, and its bytes as hex (either case, as a bytea dump prints them) or base64. */
function formsOf(secret: Buffer | string): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const hex = bytes.toString('hex');
  return [...(typeof secret === 'string' ? [secret] : []), hex, hex.toUpperCase(), bytes.toString('base64')];
}

function importKey(env: Record<string, string>, key: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/wallet/src/import-vault.ts', '--label', 'imported', '--private-key'],
      { cwd: WORKSPACE_ROOT, env: { ...processEnv(), ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
    child.stdin?.end(key);
  });
}

describe('no key material leaves the wallet (debug logs, transport replies and errors, HTTP, metrics, database)', () => {
  jest.setTimeout(120_000);
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let wallet: ServiceProcess;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let client: RedisStreamsClient;
  let cliOutput: string;
  const kek = randomBytes(32);
  const importedKey = randomBytes(32).toString('hex');
  const treasury = generateAccount().base58;

  beforeAll(async () => {
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: 1 }), createTestDatabase(), createTestRedis()]);
    const imported = await importKey({ DATABASE_URL: db.url, WALLET_KEK: kek.toString('hex') }, importedKey);
    expect(imported.code).toBe(0);
    cliOutput = imported.out;
    wallet = await spawnApp('wallet', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      WALLET_KEK: kek.toString('hex'),
      WALLET_TREASURY_ADDRESS: treasury,
      USDT_CONTRACT: (await devnet.info()).usdtContract,
      LOG_LEVEL: 'debug',
    });
    await waitForStatus(wallet, `${wallet.url}/health/ready`);
    standIns = await startStandIns(redis);
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 30_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await standIns?.close();
    if (wallet && wallet.child.exitCode === null) wallet.child.kill('SIGKILL');
    await devnet?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('runs the whole flow and finds no KEK, data key, seed, private key or mnemonic anywhere', async () => {
    const tron = createTronWeb(devnet.url);
    // Every reply and every error the transport carried back, as a caller would see it.
    let transport = '';
    const ask = async <T>(pattern: string, body: unknown): Promise<T> => {
      try {
        const reply = await client.request<T>(pattern, body);
        transport += JSON.stringify(reply) + '\n';
        return reply;
      } catch (e) {
        transport += JSON.stringify(e) + ' ' + String(e) + '\n';
        throw e;
      }
    };
    const sign = (signer: Record<string, string>, tx: { txID: string; raw_data_hex: string }, purpose: string, reference: string) =>
      ask<SignReply>(WALLET_SIGN, { signer, transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex }, purpose, reference, requestedBy: 'spec' });

    const deposits: string[] = [];
    for (let i = 0; i < 3; i++) deposits.push((await ask<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, { reference: `inv-${i}` })).address);
    const hot = await ask<WalletView>(WALLET_WALLETS_CREATE, { label: 'hot', kind: 'hot', requestedBy: 'spec' });
    const listed = await ask<Page<WalletView>>(WALLET_WALLETS_LIST, { limit: 100 });
    const importedWallet = listed.data.find((w) => w.address === accountFromPrivateKey(importedKey).base58);
    if (!importedWallet) throw new Error('the imported key has no wallet');
    const ours = new Set([...deposits, hot.address, accountFromPrivateKey(importedKey).base58]);

    await devnet.fund(deposits[0], { trx: '10' });
    await devnet.fund(importedWallet.address, { trx: '10' });
    await devnet.mine(1);
    // A sweep from a deposit address (an HD key derived for the moment), and a payout from the imported key.
    const sweep = (await tron.transactionBuilder.sendTrx(treasury, 5_000_000, deposits[0])) as unknown as { txID: string; raw_data_hex: string };
    expect((await sign({ depositAddress: deposits[0] }, sweep, 'sweep', 'leak-sweep')).signer).toBe(deposits[0]);
    const payee = generateAccount().base58;
    standIns.payouts.set('leak-payout', { to: payee, amount: '2000000', currency: 'TRX' });
    const payout = (await tron.transactionBuilder.sendTrx(payee, 2_000_000, importedWallet.address)) as unknown as { txID: string; raw_data_hex: string };
    const paid = await sign({ walletId: importedWallet.id }, payout, 'payout', 'leak-payout');
    expect((await tron.trx.sendRawTransaction({ ...payout, signature: [paid.signature] } as never)).result).toBe(true);
    await devnet.mine(1);
    expect(await tron.trx.getUnconfirmedBalance(payee)).toBe(2_000_000);

    // Refusals and errors: a policy refusal, an unknown signer, an outside signature that is not a member's.
    const refused = (await tron.transactionBuilder.sendTrx(generateAccount().base58, 1, deposits[0])) as unknown as { txID: string; raw_data_hex: string };
    await expect(sign({ depositAddress: deposits[0] }, refused, 'sweep', 'leak-refused')).rejects.toMatchObject({ code: 'policy_refused' });
    await expect(sign({ depositAddress: generateAccount().base58 }, refused, 'sweep', 'leak-unknown')).rejects.toMatchObject({ code: 'wallet_not_found' });
    await expect(ask(WALLET_MULTISIG_COMBINE, { walletId: hot.id, transaction: { txID: sweep.txID, raw_data_hex: sweep.raw_data_hex }, signatures: [paid.signature], requestedBy: 'spec' })).rejects.toMatchObject({
      code: 'policy_refused',
    });
    await expect(ask<WalletView>(WALLET_WALLETS_GET, { id: hot.id })).resolves.toMatchObject({ id: hot.id });
    await ask<Page<AuditView>>(WALLET_AUDIT_LIST, { walletId: importedWallet.id, limit: 100 });
    await ask('wallet.stats.v1', {});
    await ask('wallet.status.v1', {});

    let http = '';
    for (const path of ['/metrics', '/stats', '/status', '/health/ready', '/health/live']) http += `${path}\n${await (await fetch(`${wallet.url}${path}`)).text()}\n`;

    wallet.child.kill('SIGTERM');
    expect(await wallet.exited).toBe(0);
    const logs = wallet.output();
    expect(logs).toMatch(/"level":20/); // debug lines were written, so the check below read them
    expect(logs).toContain(sweep.txID);

    const c = new Client({ connectionString: db.url });
    await c.connect();
    let dump = '';
    const tables = await c.query("select table_schema, table_name from information_schema.tables where table_schema = 'wallet'");
    for (const t of tables.rows) {
      for (const r of (await c.query(`select x::text as r from ${t.table_schema}.${t.table_name} x`)).rows) dump += r.r + '\n';
    }
    const vaults = (
      await c.query<{ id: string; kind: string; kek_id: string; wrapped_dek: Buffer; ciphertext: Buffer }>('select id, kind, kek_id, wrapped_dek, ciphertext from wallet.vaults')
    ).rows;
    const positions = (
      await c.query<{ account: number; index: number }>(
        'select account, address_index as index from wallet.deposit_addresses union select account, address_index from wallet.wallets where account is not null',
      )
    ).rows;
    const xpubs = (await c.query<{ xpub: string }>('select xpub from wallet.hd_accounts')).rows.map((r) => r.xpub);
    await c.end();
    expect(dump).toContain(deposits[0]);
    expect(positions).toHaveLength(4);

    // Every secret this run used, recovered from the sealed rows with the KEK the test holds.
    const secrets: Record<string, string[]> = { kek: formsOf(kek), importedKey: formsOf(Buffer.from(importedKey, 'hex')) };
    for (const v of vaults) {
      secrets[`dek ${v.id}`] = formsOf(open(kek, v.wrapped_dek, dekContext(v.id)));
      if (v.kind !== 'hd') continue;
      const mnemonic = openSecret(kek, v.id, 'mnemonic', { kekId: v.kek_id, wrappedDek: v.wrapped_dek, ciphertext: v.ciphertext }).toString('utf8');
      const seed = seedOf(mnemonic);
      secrets.mnemonic = [...formsOf(mnemonic), mnemonic.split(' ').slice(0, 4).join(' ')];
      secrets.seed = formsOf(seed);
      for (const account of [0, 1]) secrets[`xprv ${account}`] = [HDKey.fromMasterSeed(seed).derive(accountPath(account)).privateExtendedKey];
      for (const p of positions) secrets[`key ${p.account}/${p.index}`] = formsOf(derivePrivateKey(seed, p.account, p.index));
    }
    expect(Object.keys(secrets).filter((k) => k.startsWith('key '))).toHaveLength(4);
    expect(secrets.mnemonic).toBeDefined();

    const places = { logs, cliOutput, transport, http, dump };
    for (const [where, text] of Object.entries(places)) {
      const found = Object.entries(secrets).flatMap(([name, forms]) => (forms.some((f) => text.includes(f)) ? [name] : []));
      expect({ where, found }).toEqual({ where, found: [] });
      expect({ where, keys: leakedKeys(text, ours) }).toEqual({ where, keys: [] });
      expect({ where, mnemonics: mnemonicRuns(text) }).toEqual({ where, mnemonics: [] });
    }
    // The xpubs are not secret, but they link every address of an account: kept in the database only.
    for (const [where, text] of Object.entries({ logs, cliOutput, transport, http })) {
      expect({ where, xpub: xpubs.some((x) => text.includes(x)) }).toEqual({ where, xpub: false });
    }
    expect(transport).toContain('policy_refused');
  });
});
