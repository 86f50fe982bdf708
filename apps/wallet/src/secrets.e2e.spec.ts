import { randomBytes } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english';
import { Client } from 'pg';
import { NextDepositAddressReply, SignReply, WALLET_DEPOSIT_ADDRESS_NEXT, WALLET_SIGN, WALLET_WALLETS_CREATE, WalletView } from '@tronpay/models';
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
import { accountFromPrivateKey, createTronWeb, generateAccount, isValidPrivateKey } from '@tronpay/tron';
import { RedisStreamsClient } from '@tronpay/transport';
import { startStandIns } from './testing/stand-ins';


const WORDS = new Set(wordlist);

/** Any 64-hex run that is the private key of one of our addresses. */
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

describe('no key material leaves the wallet (debug logs, metrics, database)', () => {
  jest.setTimeout(120_000);
  let devnet: DevnetProcess;
  let db: TestDatabase;
  let redis: TestRedis;
  let wallet: ServiceProcess;
  let standIns: Awaited<ReturnType<typeof startStandIns>>;
  let client: RedisStreamsClient;
  const kek = randomBytes(32);
  const treasury = generateAccount().base58;

  beforeAll(async () => {
    [devnet, db, redis] = await Promise.all([startDevnetProcess({ solidLag: 1 }), createTestDatabase(), createTestRedis()]);
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

  it('runs the whole flow and finds no KEK, private key or mnemonic anywhere', async () => {
    const ours = new Set<string>();
    const tron = createTronWeb(devnet.url);
    for (let i = 0; i < 3; i++) {
      ours.add((await client.request<NextDepositAddressReply>(WALLET_DEPOSIT_ADDRESS_NEXT, { reference: `inv-${i}` })).address);
    }
    const hot = await client.request<WalletView>(WALLET_WALLETS_CREATE, { label: 'hot', kind: 'hot', requestedBy: 'spec' });
    ours.add(hot.address);
    const [from] = [...ours];
    await devnet.fund(from, { trx: '10' });
    await devnet.mine(1);
    const tx = (await tron.transactionBuilder.sendTrx(treasury, 5_000_000, from)) as unknown as { txID: string; raw_data_hex: string };
    const signed = await client.request<SignReply>(WALLET_SIGN, {
      signer: { depositAddress: from },
      transaction: { txID: tx.txID, raw_data_hex: tx.raw_data_hex },
      purpose: 'sweep',
      reference: 'leak-check',
      requestedBy: 'spec',
    });
    expect(signed.signer).toBe(from);
    const refusedTx = (await tron.transactionBuilder.sendTrx(generateAccount().base58, 1, from)) as unknown as { txID: string; raw_data_hex: string };
    await expect(
      client.request(WALLET_SIGN, {
        signer: { depositAddress: from },
        transaction: { txID: refusedTx.txID, raw_data_hex: refusedTx.raw_data_hex },
        purpose: 'sweep',
        reference: 'leak-check',
        requestedBy: 'spec',
      }),
    ).rejects.toMatchObject({ code: 'policy_refused' });
    const metrics = await (await fetch(`${wallet.url}/metrics`)).text();
    const stats = await (await fetch(`${wallet.url}/stats`)).text();

    wallet.child.kill('SIGTERM');
    expect(await wallet.exited).toBe(0);
    const logs = wallet.output();
    expect(logs).toMatch(/"level":20/); // debug lines were written, so the check below read them

    const c = new Client({ connectionString: db.url });
    await c.connect();
    let dump = '';
    const tables = await c.query("select table_schema, table_name from information_schema.tables where table_schema = 'wallet'");
    for (const t of tables.rows) {
      for (const r of (await c.query(`select x::text as r from ${t.table_schema}.${t.table_name} x`)).rows) dump += r.r + '\n';
    }
    await c.end();
    expect(dump).toContain(from);

    for (const [where, text] of Object.entries({ logs, metrics, stats, dump })) {
      expect({ where, kek: text.includes(kek.toString('hex')) || text.includes(kek.toString('base64')) }).toEqual({ where, kek: false });
      expect({ where, keys: leakedKeys(text, ours) }).toEqual({ where, keys: [] });
      expect({ where, mnemonics: mnemonicRuns(text) }).toEqual({ where, mnemonics: [] });
    }
  });
});
