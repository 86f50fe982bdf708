import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import type { MessageKind } from './redis-streams.options';
import { HEARTBEAT_LUA, REAP_CONSUMERS_LUA, RELEASE_CONSUMER_LUA } from './redis-streams.scripts';
import { decodeMessage, MessageFields, parseAutoClaim, parseStreamRead, StreamEntry } from './stream-entries';

/** One entry this replica holds, from the moment it is read (or claimed) until it is settled. */
export interface Delivery {
  stream: string;
  entryId: string;
  kind: MessageKind;
  /** Taken over (from another consumer, or a failed attempt), or left over from this consumer name's previous life. */
  redelivered: boolean;
  /** Null when the entry was deleted meanwhile or is not one of ours. */
  message: MessageFields | null;
  /** Done-key value when already looked up along with the read (undefined: not looked up). */
  stored?: string | null;
}

export interface StreamConsumerOptions {
  /** Consumer group name on every stream: the service name. */
  group: string;
  consumer: string;
  /** The service's command stream, if it answers any command. */
  commandStream?: string;
  eventStreams: string[];
  /** The service's own stream of replayed events (dead letters sent back), read with its event streams. */
  retryStream?: string;
  concurrency: number;
  blockMs: number;
  visibilityTimeoutMs: number;
  claimIntervalMs: number;
  eventStreamMaxLen: number;
  doneKeyOf(delivery: Delivery): string;
}

type State = 'idle' | 'reading' | 'stopping' | 'stopped';

const MAINTENANCE_INTERVAL_MS = 60_000;
const STALE_CONSUMER_IDLE_MS = 3_600_000;
const ERROR_BACKOFF_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The caller has already been told "timeout": running it now would act on an answer nobody reads. */
export function isExpired(delivery: Delivery): boolean {
  const deadline = delivery.message?.deadline;
  return delivery.kind === 'command' && deadline !== undefined && Date.now() > deadline;
}

/**
 * One member of a consumer group on a service's streams: reads with XREADGROUP up to its
 * concurrency, keeps the lease on what it holds (heartbeat), takes over entries whose holder
 * died (XAUTOCLAIM), and hands every entry to `handle`, which settles it.
 */
export class StreamConsumer {
  private readonly streams: string[];
  private state: State = 'idle';
  private blockingClientId?: number;
  private readLoopDone: Promise<void> = Promise.resolve();
  private readonly backlog: Delivery[] = [];
  /** Read, waiting for their done-key look-up (see readLoop). */
  private readonly unchecked: Delivery[] = [];
  private running = 0;
  /** Entries held (queued or running), per stream: what the heartbeat keeps leased. */
  private readonly owned = new Map<string, Set<string>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: Array<() => void> = [];
  private lastMaintenance = Date.now();
  /** Entries taken over so far (from dead consumers, or retried after a failed attempt). */
  redelivered = 0;

  constructor(
    private readonly commands: Redis,
    private readonly blocking: Redis,
    private readonly options: StreamConsumerOptions,
    private readonly handle: (delivery: Delivery) => Promise<void>,
    private readonly logger: LoggerService,
  ) {
    this.streams = [
      ...(options.commandStream ? [options.commandStream] : []),
      ...options.eventStreams,
      ...(options.retryStream ? [options.retryStream] : []),
    ];
  }

  /** Entries held right now: running, queued behind the concurrency limit, or being looked up. */
  get inFlight(): number {
    return this.running + this.backlog.length + this.unchecked.length;
  }

  async start(): Promise<void> {
    await this.ensureGroups();
    // CLIENT UNBLOCK needs the id of the connection sitting in XREADGROUP; it changes on reconnect.
    this.blockingClientId = Number(await this.blocking.call('CLIENT', ['ID']));
    this.blocking.on('ready', () => {
      void this.blocking.call('CLIENT', ['ID']).then((id) => (this.blockingClientId = Number(id)));
    });
    this.state = 'reading';
    if (this.streams.length === 0) return;
    await this.recoverOwnPending();
    this.readLoopDone = this.readLoop();
    this.every(Math.max(50, Math.floor(this.options.visibilityTimeoutMs / 3)), () => this.heartbeat(), true);
    this.every(this.options.claimIntervalMs, () => this.claimAbandoned(), false);
  }

  /** Stops reading and waits for held entries; returns false if some were still unfinished at the timeout. */
  async stop(timeoutMs: number): Promise<boolean> {
    if (this.state !== 'reading') return true;
    this.state = 'stopping';
    this.notify();
    await this.stopReading();
    const drained = await this.drained(timeoutMs);
    this.state = 'stopped';
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.streams.length > 0) {
      const { group, consumer } = this.options;
      await this.commands
        .call('EVAL', [RELEASE_CONSUMER_LUA, this.streams.length, ...this.streams, group, consumer])
        .catch(() => undefined);
    }
    return drained;
  }

  /**
   * Commands (and replays) start at 0 so that those sent before the service ever ran are
   * served; events start at `$`: a service receives the events emitted from its first start on.
   */
  private async ensureGroups(): Promise<void> {
    const fromStart = [this.options.commandStream, this.options.retryStream];
    await Promise.all(
      this.streams.map(async (stream) => {
        const start = fromStart.includes(stream) ? '0' : '$';
        try {
          await this.commands.call('XGROUP', ['CREATE', stream, this.options.group, start, 'MKSTREAM']);
        } catch (err) {
          if (!errorText(err).includes('BUSYGROUP')) throw err;
        }
      }),
    );
  }

  /** Entries this consumer name held in a previous life (stable pod names) are resumed at once. */
  private async recoverOwnPending(): Promise<void> {
    const { group, consumer, concurrency } = this.options;
    const raw = await this.commands.call('XREADGROUP', [
      ...['GROUP', group, consumer, 'COUNT', concurrency, 'STREAMS'],
      ...this.streams,
      ...this.streams.map(() => '0'),
    ]);
    for (const batch of parseStreamRead(raw)) this.accept(batch.stream, batch.entries, true);
  }

  /**
   * Reads with XREADGROUP BLOCK. The done-key look-up of the previous batch goes out in the
   * same write as the next read: one socket write per turn instead of two, which is much of
   * the cost of a round trip here.
   */
  private async readLoop(): Promise<void> {
    const { group, consumer, blockMs } = this.options;
    while (this.state === 'reading') {
      const unchecked = this.unchecked.splice(0);
      const free = this.freeSlots();
      if (free <= 0 && unchecked.length === 0) {
        await this.nextChange();
        continue;
      }
      const pipeline = this.blocking.pipeline();
      if (unchecked.length > 0) {
        const keys = unchecked.map((delivery) => this.options.doneKeyOf(delivery));
        pipeline.mget(keys, (err, values) => this.checked(unchecked, err ? undefined : values));
      }
      if (free > 0) {
        pipeline.call('XREADGROUP', [
          ...['GROUP', group, consumer, 'COUNT', free, 'BLOCK', blockMs, 'STREAMS'],
          ...this.streams,
          ...this.streams.map(() => '>'),
        ]);
      }
      let read: [Error | null, unknown] | undefined;
      try {
        const results = await pipeline.exec();
        read = free > 0 ? (results?.[results.length - 1] ?? [new Error('No reply'), null]) : undefined;
      } catch (err) {
        read = [err instanceof Error ? err : new Error(String(err)), null];
      }
      if (!read) continue;
      const [err, raw] = read;
      if (err) {
        if (this.state !== 'reading') break;
        this.logger.error(`XREADGROUP failed: ${errorText(err)}`);
        // A stream deleted under us loses its group: recreate and go on.
        if (errorText(err).includes('NOGROUP')) await this.ensureGroups().catch(() => undefined);
        else await sleep(ERROR_BACKOFF_MS);
        continue;
      }
      for (const batch of parseStreamRead(raw)) this.accept(batch.stream, batch.entries, false);
    }
    // Read but not looked up: `handle` looks them up itself.
    this.checked(this.unchecked.splice(0), undefined);
  }

  private accept(stream: string, entries: StreamEntry[], redelivered: boolean): void {
    let owned = this.owned.get(stream);
    if (!owned) this.owned.set(stream, (owned = new Set()));
    const kind: MessageKind = stream === this.options.commandStream ? 'command' : 'event';
    for (const entry of entries) {
      if (owned.has(entry.id)) continue;
      owned.add(entry.id);
      if (redelivered) this.redelivered++;
      const message = entry.fields ? decodeMessage(entry.fields) : null;
      const delivery: Delivery = { stream, entryId: entry.id, kind, redelivered, message };
      if (!redelivered && message && !isExpired(delivery)) this.unchecked.push(delivery);
      else this.backlog.push(delivery);
    }
    this.pump();
  }

  private checked(deliveries: Delivery[], values: Array<string | null> | undefined): void {
    if (deliveries.length === 0) return;
    deliveries.forEach((delivery, i) => {
      if (values) delivery.stored = values[i] ?? null;
      this.backlog.push(delivery);
    });
    this.pump();
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.state !== 'stopped') {
      const delivery = this.backlog.shift();
      if (!delivery) break;
      this.running++;
      void this.handle(delivery)
        .catch((err: unknown) => {
          // Left unacked on purpose: another replica (or this one) takes it over after the visibility timeout.
          this.logger.error(`Could not finish ${delivery.stream} ${delivery.entryId}: ${errorText(err)}`);
        })
        .finally(() => {
          this.running--;
          // Out of the heartbeat: an entry `handle` left unsettled (a failed event, a failed
          // settlement) goes idle and XAUTOCLAIM hands it to a replica after the visibility timeout.
          this.owned.get(delivery.stream)?.delete(delivery.entryId);
          this.pump();
          this.notify();
        });
    }
  }

  private async heartbeat(): Promise<void> {
    const { group, consumer } = this.options;
    for (const [stream, ids] of this.owned) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += 500) {
        await this.commands.call('EVAL', [HEARTBEAT_LUA, 1, stream, group, consumer, ...all.slice(i, i + 500)]);
      }
    }
  }

  /** Takes over entries whose holder stopped heartbeating (crashed or partitioned replica). */
  private async claimAbandoned(): Promise<void> {
    const { group, consumer, visibilityTimeoutMs } = this.options;
    for (const stream of this.streams) {
      let cursor = '0-0';
      for (let round = 0; round < 10; round++) {
        const free = this.freeSlots();
        if (free <= 0 || this.state !== 'reading') return;
        const raw = await this.commands.call('XAUTOCLAIM', [stream, group, consumer, visibilityTimeoutMs, cursor, 'COUNT', free]);
        const claimed = parseAutoClaim(raw);
        this.accept(stream, claimed.entries, true);
        cursor = claimed.cursor;
        if (cursor === '0-0') break;
      }
    }
    if (Date.now() - this.lastMaintenance >= MAINTENANCE_INTERVAL_MS) {
      this.lastMaintenance = Date.now();
      await this.maintain();
    }
  }

  private async maintain(): Promise<void> {
    for (const stream of this.options.eventStreams) {
      await this.commands.call('XTRIM', [stream, 'MAXLEN', '~', this.options.eventStreamMaxLen]);
    }
    for (const stream of this.streams) {
      await this.commands.call('EVAL', [REAP_CONSUMERS_LUA, 1, stream, this.options.group, STALE_CONSUMER_IDLE_MS]);
    }
  }

  /** Wakes the blocked XREADGROUP with CLIENT UNBLOCK (which delivers nothing) until the loop has exited. */
  private async stopReading(): Promise<void> {
    let exited = false;
    const done = this.readLoopDone.then(() => (exited = true));
    while (!exited) {
      if (this.blockingClientId !== undefined) {
        await this.commands.call('CLIENT', ['UNBLOCK', this.blockingClientId]).catch(() => undefined);
      }
      await Promise.race([done, sleep(50)]);
    }
  }

  private async drained(timeoutMs: number): Promise<boolean> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.notify();
    }, timeoutMs);
    while (this.inFlight > 0 && !timedOut) await this.nextChange();
    clearTimeout(timer);
    return !timedOut;
  }

  /** Self-rescheduling timer, so a slow Redis never stacks up overlapping runs. */
  private every(intervalMs: number, task: () => Promise<void>, whileStopping: boolean): void {
    const active = () => this.state === 'reading' || (whileStopping && this.state === 'stopping');
    const tick = async () => {
      this.timers.delete(timer);
      if (!active()) return;
      await task().catch((err: unknown) => this.logger.error(`Background task failed: ${errorText(err)}`));
      if (active()) {
        timer = setTimeout(tick, intervalMs);
        this.timers.add(timer);
      }
    };
    let timer = setTimeout(tick, intervalMs);
    this.timers.add(timer);
  }

  private freeSlots(): number {
    return this.options.concurrency - this.inFlight;
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
