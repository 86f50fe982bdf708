import { Logger, type LoggerService } from '@nestjs/common';
import { generateAccount, type LogJson } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { FakeChain, trc20Tx, trxTx, txId } from './testing/fake-chain';
import { eventually, ScannerHarness } from './testing/scanner-harness';

/** Keeps the warnings; errors still reach the console; plain log lines are dropped. */
class WarningRecorder implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {
    return undefined;
  }
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
  error(message: unknown): void {
    console.error(message);
  }
}

// What the extractor cannot read is counted (metrics and /stats), and flagged when it names a
// watched recipient: a deposit the scanner could not read must not vanish silently. On an
// in-memory chain (the devnet writes no malformed logs) with real PostgreSQL and Redis.
describe('scanner: skipped transfers', () => {
  jest.setTimeout(30_000);
  const USDT = generateAccount().base58;
  const recorder = new WarningRecorder();
  let db: TestDatabase;
  let redis: TestRedis;
  let h: ScannerHarness;
  let chain: FakeChain;

  beforeAll(() => Logger.overrideLogger(recorder));
  afterAll(() => Logger.overrideLogger(['error']));
  beforeEach(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    h = new ScannerHarness({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix, nodeUrls: ['http://127.0.0.1:9'], env: { USDT_CONTRACT: USDT } });
    await h.migrate();
    chain = new FakeChain();
  });
  afterEach(async () => {
    await h.close();
    await redis.cleanup();
    await db.drop();
  });

  /** A USDT call whose first Transfer log is then bent by `edit` (as a buggy node or an odd token would write it). */
  const bentUsdt = (seed: string, from: string, to: string, edit: (log: LogJson) => void) => {
    const t = trc20Tx(txId(seed), from, USDT, [{ from, to, amount: 5_000_000n }]);
    edit((t.info?.log as LogJson[])[0]);
    return t;
  };

  it('counts malformed and TRC721 Transfer logs by reason, warns for those to a watched address, credits the readable deposit beside them', async () => {
    const [watched, stranger, payer] = Array.from({ length: 3 }, () => generateAccount().base58);
    const r = h.replica({ chain: chain.asReader() });
    await r.watch.add({ addresses: [watched], kind: 'deposit' });
    const short = bentUsdt('short', payer, watched, (log) => (log.data = '01')); // the amount word cut short
    const nft = bentUsdt('nft', payer, watched, (log) => log.topics?.push('7'.padStart(64, '0'))); // a token id, not an amount
    const elsewhere = bentUsdt('elsewhere', payer, stranger, (log) => (log.data = '01'));
    const good = trxTx(txId('good'), payer, watched, 1_000_000);
    chain.append([short, nft, elsewhere, good]);
    recorder.warnings.length = 0;

    r.scanner.start();
    await eventually(async () => h.settledAt(chain.head), 5000, 'the scanner at the head');

    expect((await h.deposits()).map((d) => d.tx_id)).toEqual([good.tx.txID]);
    const stats = r.scanner.stats();
    expect(stats.skipped).toMatchObject({ 'malformed-log': 2, 'not-fungible': 1, 'missing-info': 0, 'info-mismatch': 0 });
    expect(stats.skippedToWatched).toBe(2);
    const metrics = await r.registry.metrics();
    expect(metrics).toContain('tronpay_scanner_transfers_skipped_total{reason="malformed-log"} 2');
    expect(metrics).toContain('tronpay_scanner_transfers_skipped_total{reason="not-fungible"} 1');
    expect(metrics).toContain('tronpay_scanner_skipped_to_watched_total 2');

    // One warning per unreadable deposit, naming what an operator needs to find it on chain; none for the stranger.
    const skippedWarnings = recorder.warnings.filter((w) => w.includes('skipped'));
    expect(skippedWarnings).toHaveLength(2);
    expect(skippedWarnings[0]).toContain(`watched address ${watched} (malformed-log): tx ${short.tx.txID} log 0 in block 1`);
    expect(skippedWarnings[1]).toContain(`watched address ${watched} (not-fungible): tx ${nft.tx.txID} log 0 in block 1`);
    expect(skippedWarnings.join('\n')).not.toContain(stranger);
  });
});
