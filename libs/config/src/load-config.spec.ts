import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, redactConfig } from './load-config';

const base = { DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/tronpay' };

describe('loadConfig', () => {
  it('turns a minimal environment into a typed, grouped config with the local defaults', () => {
    const c = loadConfig('wallet', base);
    expect(c.service).toEqual({ name: 'wallet', host: '0.0.0.0', port: 3002, shutdownTimeoutMs: 10000 });
    expect(c.database).toEqual({ url: base.DATABASE_URL, schema: 'wallet', poolSize: 10 });
    expect(c.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'tronpay:' });
    expect(c.network.name).toBe('devnet');
    expect(c.network.usdtContract).toBeNull();
    expect(c.transport.visibilityTimeoutMs).toBe(30000);
  });

  it('names the schema after the service and parses numbers', () => {
    const c = loadConfig('tron-client', { ...base, PORT: '4100', TRANSPORT_CONCURRENCY: '8' });
    expect(c.database.schema).toBe('tron_client');
    expect(c.service.port).toBe(4100);
    expect(c.transport.concurrency).toBe(8);
  });

  it('retries a failed event 20 times by default, and refuses a cap below one', () => {
    expect(loadConfig('gateway', base).transport.eventMaxAttempts).toBe(20);
    expect(loadConfig('gateway', { ...base, TRANSPORT_EVENT_MAX_ATTEMPTS: '3' }).transport.eventMaxAttempts).toBe(3);
    expect(() => loadConfig('gateway', { ...base, TRANSPORT_EVENT_MAX_ATTEMPTS: '0' })).toThrow(/TRANSPORT_EVENT_MAX_ATTEMPTS/);
  });

  it('applies network presets, mainnet with the canonical USDT contract', () => {
    const c = loadConfig('usdt', { ...base, TRON_NETWORK: 'mainnet' });
    expect(c.network.usdtContract).toBe('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
    expect(c.network.nodeUrls[0]).toMatch(/^https:\/\//);
    expect(c.network.allowsLocalWebhooks).toBe(false);
    const custom = loadConfig('usdt', { ...base, TRON_NETWORK: 'nile', TRON_NODE_URLS: 'http://a:1,http://b:2' });
    expect(custom.network.nodeUrls).toEqual(['http://a:1', 'http://b:2']);
  });

  it('stops with one error naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig('gateway', { TRON_NETWORK: 'testnet', PORT: 'eighty', REDIS_URL: 'localhost:6379' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['DATABASE_URL', 'PORT', 'REDIS_URL', 'TRON_NETWORK']);
    expect((error as Error).message).toMatch(/^Invalid configuration:\n/);
  });

  it('reads a secret from NAME_FILE and refuses NAME and NAME_FILE together', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'admin');
    writeFileSync(file, 'k'.repeat(32) + '\n');
    expect(loadConfig('gateway', { ...base, ADMIN_API_KEY_FILE: file }).secrets.adminApiKey).toBe('k'.repeat(32));
    expect(() => loadConfig('gateway', { ...base, ADMIN_API_KEY_FILE: file, ADMIN_API_KEY: 'x'.repeat(30) })).toThrow(
      /ADMIN_API_KEY and ADMIN_API_KEY_FILE are both set/,
    );
    expect(() => loadConfig('gateway', { ...base, ADMIN_API_KEY_FILE: path.join(dir, 'missing') })).toThrow(
      /ADMIN_API_KEY_FILE: cannot read .* \(ENOENT\)/,
    );
  });

  it('never puts a secret into the redacted view', () => {
    const key = 'super-secret-admin-key-0123456789';
    const c = loadConfig('gateway', { ...base, ADMIN_API_KEY: key, REDIS_URL: 'redis://:redispass@r:6379' });
    const shown = JSON.stringify(redactConfig(c));
    expect(shown).not.toContain(key);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('redispass');
    expect(shown).toContain('db.internal');
    expect(redactConfig(c).secrets).toEqual({ adminApiKey: 'set' });
  });

  it('keeps a secret out of the error when the secret itself is invalid', () => {
    const shortKey = 'tooshort-secret';
    expect(() => loadConfig('gateway', { ...base, ADMIN_API_KEY: shortKey })).toThrow(ConfigError);
    try {
      loadConfig('gateway', { ...base, ADMIN_API_KEY: shortKey });
    } catch (e) {
      expect((e as Error).message).toContain('ADMIN_API_KEY');
      expect((e as Error).message).not.toContain(shortKey);
    }
  });

  it('groups the node pool and scanner settings with their defaults', () => {
    const c = loadConfig('tron-client', base);
    expect(c.tron).toEqual({
      nodeTimeoutMs: 5000,
      nodeRateLimitPerSecond: 15,
      nodeMaxLagBlocks: 5,
      nodeBreakerFailures: 5,
      nodeBreakerCooldownMs: 15000,
      nodeRetries: 3,
      nodeHealthIntervalMs: 5000,
      dustThreshold: '0',
      scannerBatchSize: 50,
      scannerPollMs: 1000,
      scannerLeaseTtlMs: 10000,
      scannerStartBlock: null,
      scannerEnabled: true,
    });
    const custom = loadConfig('tron-client', {
      ...base,
      TRON_DUST_THRESHOLD: '1000000',
      TRON_SCANNER_BATCH_SIZE: '100',
      TRON_SCANNER_START_BLOCK: '0',
      TRON_SCANNER_ENABLED: 'false',
    });
    expect(custom.tron).toMatchObject({ dustThreshold: '1000000', scannerBatchSize: 100, scannerStartBlock: 0, scannerEnabled: false });
  });

  it('names each bad node or scanner setting', () => {
    let error: unknown;
    try {
      loadConfig('tron-client', { ...base, TRON_DUST_THRESHOLD: '0.5', TRON_SCANNER_BATCH_SIZE: '500', TRON_NODE_TIMEOUT_MS: 'soon' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['TRON_DUST_THRESHOLD', 'TRON_NODE_TIMEOUT_MS', 'TRON_SCANNER_BATCH_SIZE']);
  });

  it('treats the node API key as a secret: from a file, never shown', () => {
    const key = 'trongrid-key-5f1c2d3e4a';
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'tron');
    writeFileSync(file, key + '\n');
    const c = loadConfig('tron-client', { ...base, TRON_API_KEY_FILE: file });
    expect(c.secrets.tronApiKey).toBe(key);
    expect(JSON.stringify(redactConfig(c))).not.toContain(key);
    expect(redactConfig(c).secrets).toEqual({ adminApiKey: 'unset', tronApiKey: 'set' });
  });
});
