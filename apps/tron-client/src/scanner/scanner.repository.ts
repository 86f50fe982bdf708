import { Inject, Injectable } from '@nestjs/common';
import { Kysely, sql, Transaction } from 'kysely';
import {
  DEPOSIT_CONFIRMED,
  DEPOSIT_DETECTED,
  DEPOSIT_REVERTED,
  DEPOSIT_UNREGISTERED_TOKEN,
  DepositEvent,
  DepositEventPattern,
  TronClientSchema,
} from '@tronpay/models';
import { Database } from '@tronpay/runtime';
import { tronClientDb } from '../tron-client.database';
import type { BlockHeader } from './chain-reader';
import { FencedOutError } from './scanner.errors';

export interface Cursor {
  headNumber: number;
  headHash: string;
  solidNumber: number;
  fence: number;
}

export interface NewDeposit {
  txId: string;
  logIndex: number;
  token: string;
  from: string;
  to: string;
  amount: bigint;
}

interface DepositRow {
  tx_id: string;
  log_index: number;
  token: string;
  from_address: string;
  to_address: string;
  amount: string;
  block_number: string;
  block_hash: string;
  block_time: Date;
}

type Tx = Transaction<TronClientSchema>;

/** The scanner's SQL: cursor, deposits, recent block hashes and the outbox, each change fenced and atomic. */
@Injectable()
export class ScannerRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  private get db(): Kysely<TronClientSchema> {
    return tronClientDb(this.database);
  }

  async cursor(network: string): Promise<Cursor | null> {
    const row = await this.db.selectFrom('scan_cursor').selectAll().where('network', '=', network).executeTakeFirst();
    return row
      ? { headNumber: Number(row.head_number), headHash: row.head_hash, solidNumber: Number(row.solid_number), fence: Number(row.fence) }
      : null;
  }

  /** Creates the cursor unless one exists; returns the one that is there. */
  async initCursor(network: string, start: Cursor): Promise<Cursor> {
    await this.db
      .insertInto('scan_cursor')
      .values({ network, head_number: start.headNumber, head_hash: start.headHash, solid_number: start.solidNumber, fence: start.fence })
      .onConflict((oc) => oc.column('network').doNothing())
      .execute();
    return (await this.cursor(network)) as Cursor;
  }

  /**
   * Scanned blocks (consecutive, parent-checked by the caller), atomically: cursor moved to the
   * last one (only by a fence at least as new as the last writer's), block hashes kept for reorg
   * checks, deposits inserted once by (tx_id, log_index) (a reverted one comes back when its
   * transaction lands again), and a `deposit.detected` outbox row for each; a transfer of a token
   * outside the registry to a watched address gets a `deposit.unregistered-token` row (never a
   * deposit). Returns how many deposits.
   */
  async applyBlocks(
    network: string,
    fence: number,
    blocks: Array<{ header: BlockHeader; deposits: NewDeposit[]; unregistered?: NewDeposit[] }>,
  ): Promise<number> {
    if (blocks.length === 0) return 0;
    const last = blocks[blocks.length - 1].header;
    return this.db.transaction().execute(async (tx) => {
      await this.moveCursor(tx, network, fence, { head_number: last.number, head_hash: last.hash });
      await tx
        .insertInto('scanned_blocks')
        .values(blocks.map(({ header: b }) => ({ network, number: b.number, hash: b.hash, parent_hash: b.parentHash })))
        .onConflict((oc) =>
          oc.columns(['network', 'number']).doUpdateSet({ hash: (eb) => eb.ref('excluded.hash'), parent_hash: (eb) => eb.ref('excluded.parent_hash') }),
        )
        .execute();
      const unregistered = blocks.flatMap(({ header: b, unregistered: u = [] }) => u.map((d) => this.rowOf(d, b)));
      await this.writeEvents(tx, network, DEPOSIT_UNREGISTERED_TOKEN, unregistered);
      const rows = blocks.flatMap(({ header: b, deposits }) =>
        deposits.map((d) => ({
          tx_id: d.txId,
          log_index: d.logIndex,
          token: d.token,
          from_address: d.from,
          to_address: d.to,
          amount: d.amount.toString(),
          block_number: b.number,
          block_hash: b.hash,
          block_time: new Date(b.timestamp),
          status: 'detected' as const,
        })),
      );
      if (rows.length === 0) return 0;
      const inserted = await tx
        .insertInto('deposits')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['tx_id', 'log_index'])
            .doUpdateSet({
              status: 'detected',
              block_number: (eb) => eb.ref('excluded.block_number'),
              block_hash: (eb) => eb.ref('excluded.block_hash'),
              block_time: (eb) => eb.ref('excluded.block_time'),
              detected_at: sql<Date>`now()`,
              reverted_at: null,
            })
            .where('deposits.status', '=', 'reverted'),
        )
        .returning(['tx_id', 'log_index', 'token', 'from_address', 'to_address', 'amount', 'block_number', 'block_hash', 'block_time'])
        .execute();
      await this.writeEvents(tx, network, DEPOSIT_DETECTED, inserted);
      return inserted.length;
    });
  }

  /** Blocks above `fork` were replaced: their detected deposits are reverted, the cursor goes back to `fork`. */
  async rewind(network: string, fence: number, fork: { number: number; hash: string }): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      await this.moveCursor(tx, network, fence, { head_number: fork.number, head_hash: fork.hash });
      const reverted = await tx
        .updateTable('deposits')
        .set({ status: 'reverted', reverted_at: sql<Date>`now()` })
        .where('status', '=', 'detected')
        .where('block_number', '>', String(fork.number))
        .returning(['tx_id', 'log_index', 'token', 'from_address', 'to_address', 'amount', 'block_number', 'block_hash', 'block_time'])
        .execute();
      await tx.deleteFrom('scanned_blocks').where('network', '=', network).where('number', '>', String(fork.number)).execute();
      await this.writeEvents(tx, network, DEPOSIT_REVERTED, reverted);
      return reverted.length;
    });
  }

  /** Blocks holding deposits still waiting for solidification, at or below `upTo`. */
  async unconfirmedBlocks(upTo: number): Promise<Array<{ number: number; hash: string }>> {
    const rows = await this.db
      .selectFrom('deposits')
      .select(['block_number', 'block_hash'])
      .distinct()
      .where('status', '=', 'detected')
      .where('block_number', '<=', String(upTo))
      .orderBy('block_number')
      .execute();
    return rows.map((r) => ({ number: Number(r.block_number), hash: r.block_hash }));
  }

  /** The deposits of a block the solidified chain holds with the same hash: confirmed. */
  async confirmBlock(network: string, fence: number, block: { number: number; hash: string }): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      await this.checkFence(tx, network, fence);
      const confirmed = await tx
        .updateTable('deposits')
        .set({ status: 'confirmed', confirmed_at: sql<Date>`now()` })
        .where('status', '=', 'detected')
        .where('block_hash', '=', block.hash)
        .returning(['tx_id', 'log_index', 'token', 'from_address', 'to_address', 'amount', 'block_number', 'block_hash', 'block_time'])
        .execute();
      await this.writeEvents(tx, network, DEPOSIT_CONFIRMED, confirmed);
      return confirmed.length;
    });
  }

  /** Solidified height reached; hashes kept only from there up (a reorg cannot reach below it). */
  async markSolid(network: string, fence: number, solid: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await this.moveCursor(tx, network, fence, { solid_number: solid });
      await tx.deleteFrom('scanned_blocks').where('network', '=', network).where('number', '<', String(solid)).execute();
    });
  }

  async scannedHash(network: string, n: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('scanned_blocks')
      .select('hash')
      .where('network', '=', network)
      .where('number', '=', String(n))
      .executeTakeFirst();
    return row?.hash ?? null;
  }

  private async moveCursor(
    tx: Tx,
    network: string,
    fence: number,
    set: { head_number?: number; head_hash?: string; solid_number?: number },
  ): Promise<void> {
    // `fence <= mine`: a paused former leader, whose fence is older, changes nothing.
    const res = await tx
      .updateTable('scan_cursor')
      .set({ ...set, fence, updated_at: sql<Date>`now()` })
      .where('network', '=', network)
      .where('fence', '<=', String(fence))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new FencedOutError(fence);
  }

  private async checkFence(tx: Tx, network: string, fence: number): Promise<void> {
    await this.moveCursor(tx, network, fence, {});
  }

  private rowOf(d: NewDeposit, b: BlockHeader): DepositRow {
    return {
      tx_id: d.txId,
      log_index: d.logIndex,
      token: d.token,
      from_address: d.from,
      to_address: d.to,
      amount: d.amount.toString(),
      block_number: String(b.number),
      block_hash: b.hash,
      block_time: new Date(b.timestamp),
    };
  }

  private async writeEvents(tx: Tx, network: string, pattern: DepositEventPattern | typeof DEPOSIT_UNREGISTERED_TOKEN, rows: DepositRow[]): Promise<void> {
    if (rows.length === 0) return;
    const kind = pattern === DEPOSIT_UNREGISTERED_TOKEN ? 'unregistered' : pattern.split('.')[1];
    await tx
      .insertInto('outbox')
      .values(
        rows.map((r) => {
          const payload: DepositEvent = {
            eventId: `${kind}:${r.tx_id}:${r.log_index}:${r.block_hash}`,
            txId: r.tx_id,
            logIndex: r.log_index,
            token: r.token,
            from: r.from_address,
            to: r.to_address,
            amount: r.amount,
            blockNumber: Number(r.block_number),
            blockHash: r.block_hash,
            blockTime: r.block_time.toISOString(),
            network,
          };
          return { event_id: payload.eventId, pattern, payload: JSON.stringify(payload) };
        }),
      )
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }
}
