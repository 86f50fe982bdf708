import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase, WORKSPACE_ROOT } from '@tronpay/testing';
import { processEnv } from '@tronpay/config';

function run(args: string[], env: Record<string, string>, stdin: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/wallet/src/import-vault.ts', ...args],
      { cwd: WORKSPACE_ROOT, env: { ...processEnv(), ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
    child.stdin?.end(stdin);
  });
}

describe('npm run wallet:import', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  const kek = randomBytes(32).toString('hex');
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('imports a mnemonic from standard input, sealed, and never echoes it', async () => {
    const mnemonic = 'cook voyage document eight skate token alien guide drink uncle term abuse';
    const { code, out } = await run(['--label', 'restored', '--mnemonic'], { DATABASE_URL: db.url, WALLET_KEK: kek }, mnemonic + '\n');
    expect({ code, out }).toMatchObject({ code: 0, out: expect.stringMatching(/^imported HD vault [0-9a-f-]{36}\n$/) });
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query("select h.xpub, v.ciphertext::text as c from wallet.vaults v join wallet.hd_accounts h on h.vault_id = v.id where v.label = 'restored'");
    await c.end();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('cook');
  });

  it('refuses a bad mnemonic without printing it', async () => {
    const bad = 'cook voyage document eight skate token alien guide drink uncle term cook';
    const { code, out } = await run(['--label', 'x', '--mnemonic'], { DATABASE_URL: db.url, WALLET_KEK: kek }, bad);
    expect(code).toBe(1);
    expect(out).toContain('Not a valid BIP-39 English mnemonic');
    expect(out).not.toContain('voyage');
  });

  it('imports a private key as a hot wallet that signs with it, and prints only its address', async () => {
    const key = '5d5645db7db2a3b86435e3ec9b3b2cc670fccef5b6d5705e310b8ac2d8d37633';
    const { code, out } = await run(['--label', 'k', '--private-key'], { DATABASE_URL: db.url, WALLET_KEK: kek }, key);
    expect(code).toBe(0);
    const printed = out.match(/^imported key vault ([0-9a-f-]{36}) for TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb, hot wallet ([0-9a-f-]{36})\n$/);
    expect(printed).not.toBeNull();
    expect(out).not.toContain(key);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query('select id, kind, address, vault_id, account from wallet.wallets');
    await c.end();
    expect(rows).toEqual([{ id: printed?.[2], kind: 'hot', address: 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb', vault_id: printed?.[1], account: null }]);

    const twice = await run(['--label', 'k again', '--private-key'], { DATABASE_URL: db.url, WALLET_KEK: kek }, key);
    expect(twice).toEqual({ code: 1, out: 'wallet:import: An active wallet already has this address\n' });
  });
});
