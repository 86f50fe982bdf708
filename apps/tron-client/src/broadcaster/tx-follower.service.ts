import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { BlockJson, TransactionInfoJson } from '@tronpay/tron';
import { blockNumberOf, NodePool } from '../nodes/node-pool.service';
import { decodeNodeMessage } from './broadcast-answer';
import { BroadcastRepository, BroadcastRow } from './broadcast.repository';
import { BroadcasterMetrics } from './broadcaster.metrics';
import { BROADCASTER_OPTIONS, BroadcasterOptions } from './broadcaster.options';
import { BroadcasterService } from './broadcaster.service';
import { TxOutboxPublisher } from './tx-outbox.publisher';

interface SolidHead {
  number: number;
  timestamp: number;
}

const hasBlock = (b: unknown) => typeof blockNumberOf(b) === 'number';
const hasInfoOrNothing = (b: unknown) => typeof b === 'object' && b !== null;

/** A transaction info that places it in a block (`{}` means the node does not have it). */
function included(info: TransactionInfoJson | Record<string, never>): info is TransactionInfoJson & { blockNumber: number } {
  return typeof (info as TransactionInfoJson).blockNumber === 'number' && typeof (info as TransactionInfoJson).id === 'string';
}

/**
 * Follows every open transaction to its end. Each round (on every replica) reads the solidified
 * head, claims due rows (`for update skip locked`, then a lease in `next_check_at`), and for each:
 * - in a solidified block -> `confirmed` (SUCCESS) or `failed` (receipt.result, resMessage);
 * - in a head block not yet solidified -> waits, with no node call, until the solid height gets there;
 * - in no block, and the solidified head's time has passed its expiration -> `expired` (checked on
 *   the solidified chain and the head, pending pool included, so a lagging node cannot fake it);
 * - otherwise -> sends the same bytes again (`pending`: with backoff; `broadcast`: every
 *   `rebroadcastMs`, in case a node dropped it).
 * Every transition is a conditional update written with its event, so each happens once.
 */
@Injectable()
export class TxFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TxFollower');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;
  lastRoundAt: Date | null = null;
  lastError: string | null = null;
  solidBlock: number | null = null;
  inFlight = 0;

  constructor(
    @Inject(BROADCASTER_OPTIONS) private readonly options: BroadcasterOptions,
    private readonly pool: NodePool,
    private readonly repository: BroadcastRepository,
    private readonly broadcaster: BroadcasterService,
    private readonly outbox: TxOutboxPublisher,
    private readonly metrics: BroadcasterMetrics,
  ) {
    broadcaster.onFinished = () => void this.outbox.publishPending();
  }

  onApplicationBootstrap(): void {
    if (!this.options.followerEnabled) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.followIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.round;
  }

  /** One round; rounds never overlap on a replica. Errors are recorded, the next round retries. */
  runOnce(): Promise<void> {
    this.round ??= this.follow()
      .then(
        () => {
          this.lastError = null;
        },
        (e: Error) => {
          this.lastError = e.message;
          this.logger.warn(`follower round failed: ${e.message}`);
        },
      )
      .finally(() => {
        this.lastRoundAt = new Date();
        this.round = undefined;
      });
    return this.round;
  }

  private async follow(): Promise<void> {
    const solid = await this.solidHead();
    this.solidBlock = solid.number;
    for (;;) {
      if (this.stopped) return;
      const rows = await this.repository.claimDue(this.options.batchSize, this.options.claimLeaseMs, solid.number);
      await Promise.all(rows.map((row) => this.check(row, solid).catch((e: Error) => this.failedCheck(row, e))));
      if (rows.length < this.options.batchSize) break;
    }
    const open = await this.repository.countOpen();
    this.inFlight = open.pending + open.broadcast;
    this.metrics.inFlight.set(this.inFlight);
    await this.outbox.publishPending();
  }

  private async failedCheck(row: BroadcastRow, e: Error): Promise<void> {
    this.logger.warn(`following ${row.tx_id} failed (retried): ${e.message}`);
    await this.repository.reschedule(row.tx_id, this.options.checkIntervalMs).catch(() => undefined);
  }

  private async check(row: BroadcastRow, solid: SolidHead): Promise<void> {
    if (row.seen_block !== null) {
      // Seen in a head block that is now solidified: final, or that block was replaced (look again).
      if (await this.finishFromSolid(row)) return;
      await this.repository.setSeenBlock(row.tx_id, null, 0);
      return;
    }
    const head = await this.info('/wallet/gettransactioninfobyid', row.tx_id);
    if (included(head)) {
      if (head.blockNumber <= solid.number && (await this.finishFromSolid(row))) return;
      await this.repository.setSeenBlock(row.tx_id, head.blockNumber, 0);
      return;
    }
    if (solid.timestamp >= row.expiration.getTime()) {
      // No block at or after the solidified head can take it; make sure no earlier block did.
      if (await this.finishFromSolid(row)) return;
      if (await this.knownToHead(row.tx_id)) return this.repository.reschedule(row.tx_id, this.options.checkIntervalMs);
      const reason = `not on chain when the solidified chain passed its expiration (${row.expiration.toISOString()})`;
      await this.broadcaster.finish(row.tx_id, {
        status: 'expired',
        reason: row.last_error ? `${reason}; last send: ${row.last_error}` : reason,
        resultCode: null,
        blockNumber: null,
        fee: null,
      });
      return;
    }
    const sinceLastSend = row.last_attempt_at ? Date.now() - row.last_attempt_at.getTime() : Infinity;
    if (row.status === 'pending' || sinceLastSend >= this.options.rebroadcastMs) {
      await this.broadcaster.send(row);
      return;
    }
    await this.repository.reschedule(row.tx_id, this.options.checkIntervalMs);
  }

  /** `confirmed` or `failed` from the solidified chain's transaction info; false when it is not there. */
  private async finishFromSolid(row: BroadcastRow): Promise<boolean> {
    const info = await this.info('/walletsolidity/gettransactioninfobyid', row.tx_id);
    if (!included(info)) return false;
    const receiptResult = info.receipt?.result;
    const failed = info.result === 'FAILED' || (receiptResult !== undefined && receiptResult !== 'SUCCESS');
    const fee = String(info.fee ?? 0);
    if (!failed) {
      await this.broadcaster.finish(row.tx_id, { status: 'confirmed', reason: null, resultCode: receiptResult ?? 'SUCCESS', blockNumber: info.blockNumber, fee });
      return true;
    }
    const code = receiptResult ?? 'FAILED';
    const message = decodeNodeMessage(info.resMessage);
    await this.broadcaster.finish(row.tx_id, {
      status: 'failed',
      reason: message ? `${code}: ${message}` : code,
      resultCode: code,
      blockNumber: info.blockNumber,
      fee,
    });
    return true;
  }

  /** The head view (pending pool included on java-tron and the devnet) has the transaction. */
  private async knownToHead(txId: string): Promise<boolean> {
    const tx = await this.pool.call<{ txID?: string }>('/wallet/gettransactionbyid', { value: txId }, { accept: hasInfoOrNothing });
    return typeof tx.txID === 'string';
  }

  private info(path: string, txId: string): Promise<TransactionInfoJson | Record<string, never>> {
    return this.pool.call(path, { value: txId }, { accept: hasInfoOrNothing });
  }

  private async solidHead(): Promise<SolidHead> {
    const block = await this.pool.call<BlockJson>('/walletsolidity/getblock', { detail: false }, { accept: hasBlock });
    return { number: blockNumberOf(block) as number, timestamp: block.block_header?.raw_data?.timestamp ?? 0 };
  }
}
