import { Counter, Gauge, Registry } from 'prom-client';
import type { SkipReason } from '@tronpay/tron';
import type { DropReason } from './deposit-filter';

export class ScannerMetrics {
  readonly blocks: Counter;
  readonly transactions: Counter;
  readonly dropped: Counter<'reason'>;
  readonly skipped: Counter<'reason'>;
  readonly skippedToWatched: Counter;
  readonly deposits: Counter<'event'>;
  readonly reorgs: Counter;
  readonly cursor: Gauge;
  readonly lag: Gauge;
  readonly leader: Gauge;
  readonly droppedCounts: Record<DropReason, number> = {
    failed: 0,
    not_watched: 0,
    unregistered_token: 0,
    trc10: 0,
    dust: 0,
    self_transfer: 0,
  };
  /** What the extractor could not read, by reason. */
  readonly skippedCounts: Record<SkipReason, number> = {
    'malformed-transaction': 0,
    'malformed-contract': 0,
    'unsafe-amount': 0,
    'missing-info': 0,
    'orphan-info': 0,
    'info-mismatch': 0,
    'malformed-log': 0,
    'not-fungible': 0,
  };
  /** The skipped ones that named a watched recipient: deposits that could not be read. */
  skippedToWatchedCount = 0;

  constructor(registry: Registry) {
    const registers = [registry];
    this.blocks = new Counter({ name: 'tronpay_scanner_blocks_total', help: 'Blocks scanned', registers });
    this.transactions = new Counter({ name: 'tronpay_scanner_transactions_total', help: 'Transactions in scanned blocks', registers });
    this.dropped = new Counter({
      name: 'tronpay_scanner_transfers_dropped_total',
      help: 'Transfers to watched addresses (and others) not credited, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.skipped = new Counter({
      name: 'tronpay_scanner_transfers_skipped_total',
      help: 'Transactions and logs the extractor could not read as transfers (malformed, non-fungible, infos missing or of another block), by reason',
      labelNames: ['reason'],
      registers,
    });
    // Its own series, so an alert on "a deposit we could not read" needs no log search.
    this.skippedToWatched = new Counter({
      name: 'tronpay_scanner_skipped_to_watched_total',
      help: 'Skipped transfers that named a watched recipient (deposits that could not be read)',
      registers,
    });
    this.deposits = new Counter({ name: 'tronpay_deposits_total', help: 'Deposit events written, by kind', labelNames: ['event'], registers });
    this.reorgs = new Counter({ name: 'tronpay_scanner_reorgs_total', help: 'Head blocks replaced before solidification', registers });
    this.cursor = new Gauge({ name: 'tronpay_scanner_cursor_block', help: 'Last block the scanner processed', registers });
    this.lag = new Gauge({ name: 'tronpay_scanner_lag_blocks', help: 'Head block minus the scanner cursor', registers });
    this.leader = new Gauge({ name: 'tronpay_scanner_leader', help: '1 when this replica leads the scanner', registers });
  }

  drop(reason: DropReason): void {
    this.droppedCounts[reason] += 1;
    // Not-watched transfers are nearly all of them: counted in memory, not worth a label update each.
    if (reason !== 'not_watched') this.dropped.inc({ reason });
  }

  /** Rare (garbage from a node or an odd token), so every one is a label update. */
  skip(reason: SkipReason, toWatched: boolean): void {
    this.skippedCounts[reason] += 1;
    this.skipped.inc({ reason });
    if (toWatched) {
      this.skippedToWatchedCount += 1;
      this.skippedToWatched.inc();
    }
  }
}
