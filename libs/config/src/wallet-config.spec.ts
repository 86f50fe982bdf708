import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from './load-config';
import { loadWalletConfig } from './wallet-config';

describe('loadWalletConfig', () => {
  const kek = randomBytes(32);

  it('takes a 32-byte KEK as hex or base64, from the variable or a file', () => {
    for (const value of [kek.toString('hex'), kek.toString('base64')]) {
      const c = loadWalletConfig({ WALLET_KEK: value });
      expect(c.kek.mode === 'key' && c.kek.kek.equals(kek)).toBe(true);
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kek-')), 'kek');
    writeFileSync(file, kek.toString('hex') + '\n');
    const fromFile = loadWalletConfig({ WALLET_KEK_FILE: file });
    expect(fromFile.kek.mode === 'key' && fromFile.kek.kek.equals(kek)).toBe(true);
  });

  it('refuses a missing or malformed KEK without echoing it', () => {
    expect(() => loadWalletConfig({})).toThrow(/WALLET_KEK: required/);
    const short = randomBytes(16).toString('hex');
    try {
      loadWalletConfig({ WALLET_KEK: short });
      throw new Error('accepted a 16-byte KEK');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toContain('WALLET_KEK: must be 32 bytes');
      expect((e as Error).message).not.toContain(short);
    }
  });

  it('in passphrase mode takes no KEK and checks the scrypt cost', () => {
    expect(loadWalletConfig({ WALLET_KEK_MODE: 'passphrase' }).kek).toEqual({ mode: 'passphrase', scryptN: 131072 });
    expect(() => loadWalletConfig({ WALLET_KEK_MODE: 'passphrase', WALLET_KEK_SCRYPT_N: '1000' })).toThrow(/power of two/);
    expect(() => loadWalletConfig({ WALLET_KEK_MODE: 'passphrase', WALLET_KEK: kek.toString('hex') })).toThrow(/not used/);
    expect(() => loadWalletConfig({ WALLET_KEK_MODE: 'hsm' })).toThrow(/must be key or passphrase/);
  });

  it('reads the signing limits, naming each bad one', () => {
    const ok = loadWalletConfig({ WALLET_KEK: kek.toString('hex'), WALLET_TREASURY_ADDRESS: 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb' });
    expect(ok.signing).toEqual({ treasury: 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb', feeLimitCeilingSun: 30_000_000n, maxExpirationMs: 600_000 });
    try {
      loadWalletConfig({ WALLET_KEK: kek.toString('hex'), WALLET_TREASURY_ADDRESS: 'nope', WALLET_FEE_LIMIT_MAX_SUN: '1.5', WALLET_MAX_EXPIRATION_SECONDS: '5' });
      throw new Error('accepted bad limits');
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'WALLET_FEE_LIMIT_MAX_SUN',
        'WALLET_MAX_EXPIRATION_SECONDS',
        'WALLET_TREASURY_ADDRESS',
      ]);
    }
  });
});
