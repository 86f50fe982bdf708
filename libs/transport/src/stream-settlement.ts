import type Redis from 'ioredis';
import { encodeReplyFields, Reply } from './stream-entries';
import { REPLY_STREAM_MAX_LEN, REPLY_STREAM_TTL_SECONDS } from './stream-keys';
import { TickBatcher } from './tick-batcher';

/** How one entry is closed: its outcome stored, its reply sent (or its dead letter written), and the entry acked. */
export interface Settlement {
  stream: string;
  entryId: string;
  /** Command entries are deleted after the ack: each command stream has a single group. */
  deleteEntry: boolean;
  done?: { key: string; value: string };
  reply?: { to: string; correlationId: string; reply: Reply };
  /** A key that ends with the entry, e.g. its failed-attempts record. */
  clear?: string;
  /** An entry written along with the ack, e.g. the dead letter of an event that failed every attempt. */
  append?: { stream: string; fields: string[]; maxLen: number };
}

/**
 * The Redis writes of a consumer group member, batched per event-loop turn: done-key look-ups
 * become one MGET, and the settlements of all entries finished in the same turn one MULTI
 * (so each entry's "store outcome, reply, XACK, XDEL" still commits all together).
 */
export class StreamSettlement {
  // Look-ups come in bursts (one per entry of an XREADGROUP reply, all in the same tick).
  private readonly lookups = new TickBatcher<string, string | null>((keys) => this.redis().mget(keys), 'tick');
  private readonly settlements = new TickBatcher<Settlement, Error | undefined>((items) => this.commit(items));

  constructor(
    private readonly redis: () => Redis,
    private readonly group: string,
    private readonly doneTtlSeconds: number,
  ) {}

  /** The stored outcome of a message, or null if it never finished. */
  lookupDone(key: string): Promise<string | null> {
    return this.lookups.add(key);
  }

  async settle(settlement: Settlement): Promise<void> {
    const error = await this.settlements.add(settlement);
    if (error) throw error;
  }

  private async commit(items: Settlement[]): Promise<Array<Error | undefined>> {
    const multi = this.redis().multi();
    // For each queued command, the items whose settlement depends on it.
    const owners: number[][] = [];
    items.forEach((item, i) => {
      if (item.done) {
        multi.set(item.done.key, item.done.value, 'EX', this.doneTtlSeconds);
        owners.push([i]);
      }
      if (item.reply) {
        const fields = encodeReplyFields(item.reply.correlationId, item.reply.reply);
        multi.call('XADD', [item.reply.to, 'MAXLEN', '~', REPLY_STREAM_MAX_LEN, '*', ...fields]);
        owners.push([i]);
      }
      if (item.clear) {
        multi.del(item.clear);
        owners.push([i]);
      }
      if (item.append) {
        multi.call('XADD', [item.append.stream, 'MAXLEN', '~', item.append.maxLen, '*', ...item.append.fields]);
        owners.push([i]);
      }
    });
    for (const replyTo of new Set(items.flatMap((item) => (item.reply ? [item.reply.to] : [])))) {
      multi.expire(replyTo, REPLY_STREAM_TTL_SECONDS);
      owners.push([]);
    }
    const byStream = new Map<string, number[]>();
    items.forEach((item, i) => {
      const indexes = byStream.get(item.stream);
      if (indexes) indexes.push(i);
      else byStream.set(item.stream, [i]);
    });
    for (const [stream, indexes] of byStream) {
      multi.call('XACK', [stream, this.group, ...indexes.map((i) => items[i].entryId)]);
      owners.push(indexes);
      const deletable = indexes.filter((i) => items[i].deleteEntry);
      if (deletable.length > 0) {
        multi.call('XDEL', [stream, ...deletable.map((i) => items[i].entryId)]);
        owners.push(deletable);
      }
    }
    const results = await multi.exec();
    if (!results) return items.map(() => new Error('Transaction aborted'));
    const errors: Array<Error | undefined> = items.map(() => undefined);
    results.forEach(([err], k) => {
      if (err) for (const i of owners[k]) errors[i] ??= err;
    });
    return errors;
  }
}
