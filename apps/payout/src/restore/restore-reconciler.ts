import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicRound } from '@tronpay/runtime';
import { Chain } from '../chain/chain.port';
import { WalletPort } from '../chain/wallet.port';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { assignGapTransfers, Decision } from './assign-gap-transfers';
import { blockAtOrBefore } from './block-at-time';
import { GapTransfer, gapTransferOf } from './gap-transfer';
import { GapSettlement } from './gap-settlement';
import { RestoreGate } from './restore-gate';
import { RestoreRow, RestoresRepository } from './restores.repository';

/**
 * Clocks disagree a little: the backup's time is the database's, a transaction's expiration the
 * payout replica's that built it, block times the chain's. The search starts this much before the
 * backup and goes on this much past the last expiration.
 */
const CLOCK_ALLOWANCE_MS = 10_000;
const BACKUP_MARGIN_MS = 60_000;
/** Blocks per call (as the scanner reads them), and calls per round (a long gap is read over several rounds). */
const CHUNK_BLOCKS = 50;
const CHUNKS_PER_ROUND = 20;
const OWNERS_PER_CALL = 100;
/** Transfers no payout explains, named in the summary (the rest are in the table). */
const SUMMARY_LISTED = 20;

/**
 * After a restore from a backup (scripts/backup.mjs records it in `restores`), finds on chain what
 * our hot wallets paid since the backup, and settles each payout of the backup such a transfer
 * paid, before any of them gets a new transaction (RestoreGate holds them meanwhile):
 *
 * 1. from the newest block stamped a minute before the backup, every solidified block is read
 *    (tron-client's `tx.sent-by`) until one is stamped past `search_until`: the restore's time plus
 *    PAYOUT_TX_EXPIRATION_SECONDS (and the clock allowance). Every transaction the lost system could
 *    have signed was signed before the restore (the services were stopped first), so it expired by
 *    then, and no block after one stamped past its expiration can hold it (java-tron checks a
 *    transaction's expiration against the parent block's time);
 * 2. the TRX and USDT transfers found that the backup does not know are kept (`restore_transactions`)
 *    and tied to the payouts they paid by currency, destination and amount (assignGapTransfers);
 * 3. each such payout is recorded with that transaction and ended as the chain ended it, with its
 *    webhooks; then the others are let go, to be sent.
 *
 * Matching by what was paid, not by a memo in the transaction: a memo costs 1 TRX on every
 * payout since TIP-387 (docs/decisions/0012-deployment.md). Every replica runs it; the search
 * records its progress conditionally, so two replicas never record the same blocks twice.
 */
@Injectable()
export class RestoreReconciler {
  private readonly logger = new Logger('RestoreReconciler');
  private readonly rounds: PeriodicRound;

  constructor(
    private readonly repository: RestoresRepository,
    private readonly settlement: GapSettlement,
    private readonly gate: RestoreGate,
    private readonly chain: Chain,
    private readonly wallet: WalletPort,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {
    this.rounds = new PeriodicRound('restore reconciliation round', settings.execution.relayIntervalMs, () => this.reconcile(), this.logger, { immediate: true });
  }

  get lastError(): string | null {
    return this.rounds.lastError;
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  runOnce(): Promise<void> {
    return this.rounds.runNow();
  }

  private async reconcile(): Promise<void> {
    let r = await this.repository.open();
    if (!r) return;
    r = await this.prepare(r);
    if (!r || !(await this.search(r))) return;
    await this.settle(r);
  }

  private async prepare(r: RestoreRow): Promise<RestoreRow | undefined> {
    if (r.search_until && r.from_block !== null) return r;
    const searchUntil = new Date(r.restored_at.getTime() + this.settings.execution.txExpirationMs + CLOCK_ALLOWANCE_MS);
    let fromBlock: number | undefined;
    if (r.from_block === null) {
      const { solidHead } = await this.chain.sentBy([], 0, 0);
      fromBlock = await blockAtOrBefore(r.backup_at.getTime() - BACKUP_MARGIN_MS, solidHead, async (n) => (await this.chain.sentBy([], n, n)).toTimestamp ?? Number.MAX_SAFE_INTEGER);
      this.logger.log(`restore of the backup of ${r.backup_at.toISOString()}: searching the chain from block ${fromBlock} for transfers of our hot wallets`);
    }
    return this.repository.prepare(r.id, { search_until: searchUntil, from_block: fromBlock });
  }

  /** True once every block that could hold a transaction of the gap has been read. */
  private async search(r: RestoreRow): Promise<boolean> {
    const owners = [...(await this.senders()).keys()];
    const usdt = await this.chain.usdtContract();
    let cur: RestoreRow | undefined = r;
    for (let i = 0; cur && !this.searched(cur) && i < CHUNKS_PER_ROUND; i++) {
      const from = Number(cur.searched_to) + 1;
      const replies = [];
      for (let o = 0; o < Math.max(1, owners.length); o += OWNERS_PER_CALL) replies.push(await this.chain.sentBy(owners.slice(o, o + OWNERS_PER_CALL), from, from + CHUNK_BLOCKS - 1));
      // Read up to the block all of the calls reached (the solidified head may move between them).
      const to = Math.min(...replies.map((x) => x.toBlock));
      if (to < from) return false;
      const last = replies.find((x) => x.toBlock === to)?.toTimestamp ?? (await this.chain.sentBy([], to, to)).toTimestamp;
      const found = replies.flatMap((x) => x.transactions.filter((t) => t.blockNumber <= to)).map((t) => gapTransferOf(t, usdt)).filter((t): t is GapTransfer => t !== null);
      cur = await this.repository.recordSearch(cur, to, new Date(last as number), found);
    }
    return cur !== undefined && this.searched(cur);
  }

  private searched(r: RestoreRow): boolean {
    return r.searched_to_time !== null && r.search_until !== null && r.searched_to_time.getTime() > r.search_until.getTime();
  }

  /** Address -> wallet id of every hot wallet a payout may have been sent from. */
  private async senders(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const w of await this.repository.payoutHotWallets()) out.set(w.address, w.id);
    for (const w of await this.wallet.hotWallets()) out.set(w.address, w.id);
    return out;
  }

  private async settle(r: RestoreRow): Promise<void> {
    const found = await this.repository.unmatched(r.id);
    const restored = r.payouts_before ? await this.repository.restoredOpen(r.payouts_before) : [];
    const decisions = assignGapTransfers(
      found.map((f) => ({ txId: f.tx_id, blockNumber: Number(f.block_number), sender: f.sender, currency: f.currency, destination: f.destination, amount: BigInt(f.amount) })),
      restored,
    );
    const senders = await this.senders();
    let pending = decisions.some((d) => d.kind === 'wait');
    for (const d of decisions.filter((x): x is Extract<Decision, { kind: 'match' }> => x.kind === 'match')) {
      const row = found.find((f) => f.tx_id === d.txId);
      const walletId = row && senders.get(row.sender);
      if (!row || !walletId || !(await this.settlement.settle(row, d.payoutId, walletId))) pending = true;
    }
    if (pending) return;
    const { found: total, matched } = await this.repository.counts(r.id);
    const unmatched = (await this.repository.unmatched(r.id)).map((u) => `${u.tx_id} (${u.currency} ${u.amount} to ${u.destination})`);
    const listed = unmatched.slice(0, SUMMARY_LISTED).join(', ') + (unmatched.length > SUMMARY_LISTED ? ` and ${unmatched.length - SUMMARY_LISTED} more (payout.restore_transactions)` : '');
    const summary =
      `searched blocks ${r.from_block}..${r.searched_to}: ${total} transfers from our hot wallets since the backup of ${r.backup_at.toISOString()}, ` +
      `${matched} of them paid payouts of the backup (settled with them)` +
      (unmatched.length ? `; ${unmatched.length} paid no payout the backup knows (payouts made after it, or not payouts): ${listed}` : '');
    const released = await this.repository.finish(r.id, summary);
    this.gate.forget();
    const line = `restore reconciliation done: ${summary}; ${released} held payouts let go`;
    if (unmatched.length) this.logger.warn(line);
    else this.logger.log(line);
  }
}
