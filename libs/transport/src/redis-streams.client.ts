import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { InvalidMessageException } from '@nestjs/microservices/errors/invalid-message.exception';
import Redis from 'ioredis';
import { defer, lastValueFrom, mergeMap, Observable, throwError } from 'rxjs';
import { DeadLetter, readDeadLetters, replayDeadLetters, ReplayResult } from './dead-letters';
import {
  DEFAULT_EVENT_STREAM_MAX_LEN,
  DEFAULT_PREFIX,
  RedisStreamsClientOptions,
  SendOptions,
} from './redis-streams.options';
import type { RedisStreamsStatus } from './redis-streams.server';
import { decodeReplyFields, encodeMessage, parseStreamRead } from './stream-entries';
import { REPLY_STREAM_TTL_SECONDS, serviceOfPattern, StreamKeys, streamKeys } from './stream-keys';
import { fromWireError, TransportClosedError, TransportRpcError, TransportTimeoutError } from './transport.errors';

interface PendingRequest {
  pattern: string;
  callback: (packet: WritePacket) => void;
  timer: NodeJS.Timeout;
}

type RedisListener = (connection: 'commands' | 'blocking', ...args: unknown[]) => void;

const TRIM_EVERY = 256;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Nest client for RedisStreamsServer. `send` writes a command with an absolute deadline to
 * the target service's stream and waits for the reply on this instance's own reply stream;
 * `emit` appends to the event stream of the pattern.
 */
export class RedisStreamsClient extends ClientProxy<Record<never, never>, RedisStreamsStatus> {
  /** Identifies this instance's reply stream. */
  readonly clientId = randomUUID();
  private readonly logger = new Logger(RedisStreamsClient.name);
  private readonly keys: StreamKeys;
  private readonly replyKey: string;
  private readonly requestTimeoutMs: number;
  private readonly eventStreamMaxLen: number;
  private readonly blockMs: number;
  private commands?: Redis;
  private blocking?: Redis;
  private connecting?: Promise<void>;
  private readLoopDone: Promise<void> = Promise.resolve();
  private refreshTimer?: NodeJS.Timeout;
  private lastReplyId = '0-0';
  private readSinceTrim = 0;
  private readonly pending = new Map<string, PendingRequest>();
  private pendingListeners: Array<{ event: string; callback: RedisListener }> = [];

  constructor(private readonly options: RedisStreamsClientOptions) {
    super();
    this.keys = streamKeys(options.prefix ?? DEFAULT_PREFIX);
    this.replyKey = this.keys.reply(this.clientId);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.eventStreamMaxLen = options.eventStreamMaxLen ?? DEFAULT_EVENT_STREAM_MAX_LEN;
    this.blockMs = options.blockMs ?? 5_000;
  }

  connect(): Promise<void> {
    this.connecting ??= this.open().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  /**
   * `send` with per-call options: `{ timeoutMs }` sets this command's deadline, `{ service }`
   * its target. Without options it is Nest's `send`.
   */
  override send<TResult = unknown, TInput = unknown>(
    pattern: unknown,
    data: TInput,
    options?: SendOptions,
  ): Observable<TResult> {
    if (pattern === null || pattern === undefined || data === null || data === undefined) {
      return throwError(() => new InvalidMessageException());
    }
    const publish = new Observable<TResult>((observer) =>
      this.publishCommand({ pattern, data }, this.createObserver(observer), options),
    );
    // Once connected, skip the connect step: it is a per-call cost on the hot path.
    return this.commands ? publish : defer(() => this.connect()).pipe(mergeMap(() => publish));
  }

  /** Promise form of `send`: resolves with the reply, rejects with TransportRpcError / TransportTimeoutError. */
  request<TResult = unknown, TInput = unknown>(pattern: string, data: TInput, options?: SendOptions): Promise<TResult> {
    return lastValueFrom(this.send<TResult, TInput>(pattern, data, options));
  }

  async close(): Promise<void> {
    const { commands, blocking } = this;
    this.commands = this.blocking = undefined;
    this.connecting = undefined;
    clearInterval(this.refreshTimer);
    for (const [id, request] of this.pending) {
      clearTimeout(request.timer);
      this.pending.delete(id);
      request.callback({ err: new TransportClosedError(request.pattern) });
    }
    // Dropping the blocking connection aborts its XREAD at once; nothing is lost by it.
    blocking?.disconnect();
    await this.readLoopDone;
    if (commands) {
      await commands.del(this.replyKey).catch(() => undefined);
      await commands.quit().catch(() => commands.disconnect());
      this._status$.next('disconnected');
    }
  }

  override on(event: string, callback: RedisListener): void {
    if (this.commands && this.blocking) this.attachListener(event, callback);
    else this.pendingListeners.push({ event, callback });
  }

  unwrap<T>(): T {
    if (!this.commands || !this.blocking) throw new Error('Not initialized: call connect() first');
    return { commands: this.commands, blocking: this.blocking } as T;
  }

  /** The dead letters of a service, oldest first: events whose every attempt failed. */
  async deadLetters(service: string, count?: number): Promise<DeadLetter[]> {
    await this.connect();
    return readDeadLetters(this.redis(), this.keys, service, count);
  }

  /**
   * Sends a service's dead letters (all, or those of one pattern) back to that service only,
   * through its retry stream; the other subscribers of the events do not see them again.
   */
  async replayDeadLetters(service: string, options: { pattern?: string } = {}): Promise<ReplayResult> {
    await this.connect();
    return replayDeadLetters(this.redis(), this.keys, service, options);
  }

  /** Requests waiting for a reply. */
  get inFlight(): number {
    return this.pending.size;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    return this.publishCommand(packet, callback, undefined);
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern);
    const fields = encodeMessage({ id: randomUUID(), pattern, data: JSON.stringify(packet.data) });
    await this.redis().call('XADD', [this.keys.event(pattern), 'MAXLEN', '~', this.eventStreamMaxLen, '*', ...fields]);
    return undefined as T;
  }

  private publishCommand(
    packet: ReadPacket,
    callback: (packet: WritePacket) => void,
    options: SendOptions | undefined,
  ): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    let service: string;
    let data: string;
    try {
      service = options?.service ?? this.options.service ?? serviceOfPattern(pattern);
      data = JSON.stringify(packet.data);
    } catch (err) {
      callback({ err });
      return () => undefined;
    }
    const id = randomUUID();
    const timeoutMs = options?.timeoutMs ?? this.requestTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const timer = setTimeout(() => {
      if (this.pending.delete(id)) callback({ err: new TransportTimeoutError(pattern, timeoutMs) });
    }, timeoutMs);
    this.pending.set(id, { pattern, callback, timer });
    const fields = encodeMessage({ id, pattern, data, replyTo: this.replyKey, deadline });
    this.redis()
      .call('XADD', [this.keys.command(service), '*', ...fields])
      .catch((err: unknown) => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        callback({ err: new TransportRpcError('unavailable', `Could not send ${pattern}: ${errorText(err)}`) });
      });
    return () => {
      clearTimeout(timer);
      this.pending.delete(id);
    };
  }

  private async open(): Promise<void> {
    const commands = this.createConnection('commands', true);
    const blocking = this.createConnection('blocking', false);
    await Promise.all([commands.connect(), blocking.connect()]);
    this.commands = commands;
    this.blocking = blocking;
    for (const { event, callback } of this.pendingListeners) this.attachListener(event, callback);
    this.pendingListeners = [];
    this._status$.next('connected');
    this.readLoopDone = this.readReplies(blocking);
    // The stream appears with the first reply (the server sets its TTL then); refreshing keeps it while we live.
    this.refreshTimer = setInterval(
      () => void commands.expire(this.replyKey, REPLY_STREAM_TTL_SECONDS).catch(() => undefined),
      (REPLY_STREAM_TTL_SECONDS * 1000) / 3,
    );
    this.refreshTimer.unref();
  }

  private createConnection(role: 'commands' | 'blocking', autoPipelining: boolean): Redis {
    const connection = new Redis(this.options.url, {
      ...this.options.redisOptions,
      lazyConnect: true,
      enableAutoPipelining: autoPipelining,
    });
    connection.on('error', (err: unknown) => this.logger.error(`Redis (${role}): ${errorText(err)}`));
    return connection;
  }

  private attachListener(event: string, callback: RedisListener): void {
    this.commands?.on(event, (...args: unknown[]) => callback('commands', ...args));
    this.blocking?.on(event, (...args: unknown[]) => callback('blocking', ...args));
  }

  private async readReplies(blocking: Redis): Promise<void> {
    while (this.blocking === blocking) {
      let raw: unknown;
      try {
        raw = await blocking.call('XREAD', ['COUNT', 1000, 'BLOCK', this.blockMs, 'STREAMS', this.replyKey, this.lastReplyId]);
      } catch (err) {
        if (this.blocking !== blocking) return;
        this.logger.error(`XREAD of replies failed: ${errorText(err)}`);
        await sleep(500);
        continue;
      }
      for (const batch of parseStreamRead(raw)) {
        for (const entry of batch.entries) {
          this.lastReplyId = entry.id;
          this.readSinceTrim++;
          if (entry.fields) this.resolveReply(entry.fields);
        }
      }
      // Read replies are dropped in bulk; the stream's TTL covers whatever is left at the end.
      if (this.readSinceTrim >= TRIM_EVERY) {
        this.readSinceTrim = 0;
        void this.commands?.call('XTRIM', [this.replyKey, 'MINID', this.lastReplyId]).catch(() => undefined);
      }
    }
  }

  /** Unknown ids are late replies (timed out) or duplicates (redelivered command): ignored. */
  private resolveReply(fields: Record<string, string>): void {
    const reply = decodeReplyFields(fields);
    const request = reply && this.pending.get(reply.id);
    if (!reply || !request) return;
    this.pending.delete(reply.id);
    clearTimeout(request.timer);
    let body: unknown;
    try {
      body = JSON.parse(reply.body);
    } catch {
      request.callback({ err: new TransportRpcError('bad_reply', `Unreadable reply to ${request.pattern}`) });
      return;
    }
    if (reply.status === 'ok') request.callback({ response: body, isDisposed: true });
    else request.callback({ err: fromWireError(body) });
  }

  private redis(): Redis {
    if (!this.commands) throw new Error('RedisStreamsClient is not connected');
    return this.commands;
  }
}
