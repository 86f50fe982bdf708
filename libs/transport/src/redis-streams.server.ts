import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import Redis from 'ioredis';
import { isObservable, lastValueFrom } from 'rxjs';
import { deadLetterOf, encodeDeadLetter, recordFailure } from './dead-letters';
import { RedisStreamsContext } from './redis-streams.context';
import {
  HandledMessage,
  MessageOutcome,
  RedisStreamsServerOptions,
  RedisStreamsServerStats,
  ResolvedServerOptions,
  resolveServerOptions,
} from './redis-streams.options';
import { Delivery, isExpired, StreamConsumer } from './stream-consumer';
import { decodeDone, encodeDone, errorReply, MessageFields, Reply } from './stream-entries';
import { serviceOfPattern, StreamKeys, streamKeys } from './stream-keys';
import { Settlement, StreamSettlement } from './stream-settlement';
import { INTERNAL_ERROR_CODE, INTERNAL_ERROR_MESSAGE, toWireError, TransportRpcError } from './transport.errors';
import { VALIDATION_FAILED } from './rpc-validation.pipe';

export const REDIS_STREAMS_TRANSPORT = Symbol('REDIS_STREAMS');

export type RedisStreamsStatus = 'connected' | 'reconnecting' | 'disconnected';

/** ioredis event listener; the first argument says which of the two connections emitted. */
export type RedisListener = (connection: 'commands' | 'blocking', ...args: unknown[]) => void;

/** What became of a message; `dead_lettered` is reported as outcome `error` with `deadLettered`. */
type Outcome = MessageOutcome | 'dead_lettered';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Nest transport strategy on Redis Streams: one consumer group per service, so a command
 * reaches one replica and an event reaches each subscribing service once. The group
 * mechanics live in StreamConsumer; this class gives them Nest's handlers and the
 * command / event semantics. See docs/decisions/0002-redis-streams-transport.md.
 */
export class RedisStreamsServer
  extends Server<Record<string, RedisListener>, RedisStreamsStatus>
  implements CustomTransportStrategy
{
  private readonly options: ResolvedServerOptions;
  private readonly keys: StreamKeys;
  private readonly settlement: StreamSettlement;
  /** This service's stream of replayed dead letters. */
  private readonly retryStream: string;
  private commands?: Redis;
  private blocking?: Redis;
  private consumerGroup?: StreamConsumer;
  private listening = false;
  private closing?: Promise<void>;
  /** Event stream key -> pattern. */
  private readonly eventPatterns = new Map<string, string>();
  private pendingListeners: Array<{ event: string; callback: RedisListener }> = [];
  private readonly counters = { handled: 0, failed: 0, deadLettered: 0, expired: 0, duplicates: 0 };

  constructor(options: RedisStreamsServerOptions) {
    super();
    this.options = resolveServerOptions(options);
    this.keys = streamKeys(this.options.prefix);
    this.retryStream = this.keys.retry(this.options.service);
    this.settlement = new StreamSettlement(() => this.redis(), this.options.service, this.options.doneTtlSeconds);
    this.transportId = REDIS_STREAMS_TRANSPORT;
  }

  get service(): string {
    return this.options.service;
  }

  get consumer(): string {
    return this.options.consumer;
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  /** Stops reading, waits for running handlers (up to closeTimeoutMs), then quits. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  on(event: string, callback: RedisListener): void {
    if (this.commands && this.blocking) this.attachListener(event, callback);
    else this.pendingListeners.push({ event, callback });
  }

  unwrap<T>(): T {
    if (!this.commands || !this.blocking) {
      throw new Error('Not initialized: call listen() before unwrap()');
    }
    return { commands: this.commands, blocking: this.blocking } as T;
  }

  stats(): RedisStreamsServerStats {
    return {
      ...this.counters,
      redelivered: this.consumerGroup?.redelivered ?? 0,
      inFlight: this.consumerGroup?.inFlight ?? 0,
    };
  }

  private async start(): Promise<void> {
    this.commands = this.createConnection('commands', true);
    this.blocking = this.createConnection('blocking', false);
    for (const { event, callback } of this.pendingListeners) this.attachListener(event, callback);
    this.pendingListeners = [];
    await Promise.all([this.commands.connect(), this.blocking.connect()]);
    const { service, consumer, concurrency, blockMs, visibilityTimeoutMs, claimIntervalMs, eventStreamMaxLen } = this.options;
    const eventStreams = this.subscribedEventStreams();
    this.consumerGroup = new StreamConsumer(
      this.commands,
      this.blocking,
      {
        group: service,
        consumer,
        commandStream: this.hasCommandHandlers() ? this.keys.command(service) : undefined,
        eventStreams,
        // Replayed dead letters come back on a stream of this service's own (see replayDeadLetters).
        retryStream: eventStreams.length > 0 ? this.retryStream : undefined,
        concurrency,
        blockMs,
        visibilityTimeoutMs,
        claimIntervalMs,
        eventStreamMaxLen,
        doneKeyOf: (delivery) => this.keys.done(service, delivery.message?.id ?? delivery.entryId),
      },
      (delivery) => this.process(delivery),
      this.logger,
    );
    await this.consumerGroup.start();
    this.listening = true;
    this._status$.next('connected');
  }

  private async shutdown(): Promise<void> {
    const drained = await this.consumerGroup?.stop(this.options.closeTimeoutMs);
    if (drained === false) {
      this.logger.warn?.(`Closed with ${this.consumerGroup?.inFlight} messages unfinished: other replicas take them over`);
    }
    this.listening = false;
    const connections = [this.commands, this.blocking].filter((c): c is Redis => c !== undefined);
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    this._status$.next('disconnected');
  }

  private createConnection(role: 'commands' | 'blocking', autoPipelining: boolean): Redis {
    const connection = new Redis(this.options.url, {
      ...this.options.redisOptions,
      lazyConnect: true,
      // The blocking connection sits in XREADGROUP; everything else shares the other one, batched.
      enableAutoPipelining: autoPipelining,
      connectionName: `${this.options.service}:${role}`,
    });
    connection.on('error', (err: unknown) => this.logger.error(`Redis (${role}): ${errorText(err)}`));
    connection.on('reconnecting', () => this.listening && this._status$.next('reconnecting'));
    connection.on('ready', () => this.listening && this._status$.next('connected'));
    return connection;
  }

  private attachListener(event: string, callback: RedisListener): void {
    this.commands?.on(event, (...args: unknown[]) => callback('commands', ...args));
    this.blocking?.on(event, (...args: unknown[]) => callback('blocking', ...args));
  }

  private hasCommandHandlers(): boolean {
    let found = false;
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) continue;
      found = true;
      const target = safeServiceOf(pattern);
      if (target !== this.options.service) {
        this.logger.warn?.(
          `${pattern} routes to service "${target ?? '?'}", not "${this.options.service}": only an explicit service reaches it`,
        );
      }
    }
    return found;
  }

  private subscribedEventStreams(): string[] {
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) this.eventPatterns.set(this.keys.event(pattern), pattern);
    }
    return [...this.eventPatterns.keys()];
  }

  private async process(delivery: Delivery): Promise<void> {
    const started = performance.now();
    const { message } = delivery;
    if (!message) {
      this.logger.warn?.(`Dropping unreadable entry ${delivery.stream} ${delivery.entryId}`);
      await this.settlement.settle(this.settlementOf(delivery));
      return;
    }
    // The retry stream carries every pattern: there the entry names it.
    const pattern = this.eventPatterns.get(delivery.stream) ?? message.pattern;
    const outcome =
      delivery.kind === 'command'
        ? await this.processCommand(delivery, message)
        : await this.processEvent(delivery, message, pattern);
    this.count(outcome);
    this.report({
      pattern,
      kind: delivery.kind,
      outcome: outcome === 'dead_lettered' ? 'error' : outcome,
      redelivered: delivery.redelivered,
      durationMs: performance.now() - started,
      ...(outcome === 'dead_lettered' ? { deadLettered: true } : {}),
    });
  }

  private async processCommand(delivery: Delivery, message: MessageFields): Promise<MessageOutcome> {
    if (isExpired(delivery)) {
      await this.settlement.settle(this.settlementOf(delivery));
      return 'expired';
    }
    const doneKey = this.keys.done(this.options.service, message.id);
    const stored = delivery.stored !== undefined ? delivery.stored : await this.settlement.lookupDone(doneKey);
    const storedReply = stored === null ? null : decodeDone(stored);
    if (storedReply) {
      await this.settlement.settle(this.settlementOf(delivery, message, storedReply));
      return 'duplicate';
    }
    const handler = this.handlerFor(message.pattern);
    let reply: Reply;
    if (!handler || handler.isEventHandler) {
      reply = errorReply({ code: 'no_handler', message: `No handler for ${message.pattern}` });
    } else {
      try {
        reply = this.okReply(await this.invoke(handler, parseData(message.data), this.context(delivery, message)));
      } catch (err) {
        const { wire, known } = toWireError(err);
        if (!known) this.logger.error(`${message.pattern} failed: ${errorText(err)}`);
        reply = errorReply(wire);
      }
    }
    await this.settlement.settle({
      ...this.settlementOf(delivery, message, reply),
      done: { key: doneKey, value: encodeDone(reply) },
    });
    return reply.status === 'ok' ? 'ok' : 'error';
  }

  private async processEvent(delivery: Delivery, message: MessageFields, pattern: string): Promise<Outcome> {
    const doneKey = this.keys.done(this.options.service, message.id);
    const stored = delivery.stored !== undefined ? delivery.stored : await this.settlement.lookupDone(doneKey);
    if (stored !== null) {
      await this.settlement.settle(this.settlementOf(delivery));
      return 'duplicate';
    }
    const handler = this.handlerFor(pattern);
    try {
      if (!handler) throw new TransportRpcError('no_handler', `No event handler for ${pattern}`);
      await this.invoke(handler, parseData(message.data), this.context(delivery, message));
    } catch (err) {
      return this.eventFailed(delivery, message, pattern, err);
    }
    await this.settlement.settle({
      ...this.settlementOf(delivery),
      done: { key: doneKey, value: '1' },
      // Only an entry that came back can have failed before: first deliveries skip the DEL.
      clear: delivery.redelivered ? this.keys.failures(this.options.service, message.id) : undefined,
    });
    return 'ok';
  }

  /**
   * A failed event is not acked: it stays pending, out of this replica's heartbeat, so after
   * the visibility timeout XAUTOCLAIM hands it to a replica (this one or another) to retry,
   * as if its holder had died. The attempts are counted in Redis; the last allowed one moves
   * the event to the service's dead-letter stream, in the same MULTI as its ack.
   */
  private async eventFailed(delivery: Delivery, message: MessageFields, pattern: string, err: unknown): Promise<Outcome> {
    const { wire, known } = toWireError(err);
    const failuresKey = this.keys.failures(this.options.service, message.id);
    const now = new Date();
    const failure = await recordFailure(this.redis(), failuresKey, now);
    const { eventMaxAttempts, visibilityTimeoutMs } = this.options;
    const cause = known ? wire.code : errorText(err);
    const what = `Event ${pattern} ${message.id} failed (attempt ${failure.attempts} of ${eventMaxAttempts}): ${cause}`;
    // A payload the receiving side refuses will be refused again: no point in retrying it.
    const hopeless = wire.code === VALIDATION_FAILED;
    if (failure.attempts < eventMaxAttempts && !hopeless) {
      this.logger.warn?.(`${what}; retried in about ${visibilityTimeoutMs} ms`);
      return 'error';
    }
    this.logger.error(`${what}; moved to the dead-letter stream`);
    const letter = deadLetterOf(message, { stream: delivery.stream, entryId: delivery.entryId }, failure, now, wire);
    const deadLetters = this.keys.deadLetters(this.options.service);
    await this.settlement.settle({
      ...this.settlementOf(delivery),
      clear: failuresKey,
      append: { stream: deadLetters, fields: encodeDeadLetter(letter), maxLen: this.options.eventStreamMaxLen },
    });
    return 'dead_lettered';
  }

  /** String patterns are their own route; only other shapes need Nest's (throwing) JSON parse. */
  private handlerFor(pattern: string): MessageHandler | null {
    return this.messageHandlers.get(pattern) ?? this.getHandlerByPattern(pattern);
  }

  /** Runs a Nest handler through the processing hooks; the last value it emits is the reply. */
  private invoke(handler: MessageHandler, data: unknown, ctx: RedisStreamsContext): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const run = async () => {
        try {
          // Nest's handler proxy resolves to a value or an Observable; skip rxjs for plain values.
          const result: unknown = await handler(data, ctx);
          resolve(isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result);
        } catch (err) {
          reject(err);
        } finally {
          this.onProcessingEndHook?.(REDIS_STREAMS_TRANSPORT, ctx);
        }
      };
      try {
        this.onProcessingStartHook(REDIS_STREAMS_TRANSPORT, ctx, run);
      } catch (err) {
        reject(err);
      }
    });
  }

  private okReply(value: unknown): Reply {
    try {
      return { status: 'ok', body: JSON.stringify(value === undefined ? null : value) };
    } catch (err) {
      this.logger.error(`Reply is not JSON-serializable: ${errorText(err)}`);
      return errorReply({ code: INTERNAL_ERROR_CODE, message: INTERNAL_ERROR_MESSAGE });
    }
  }

  /** Ack (and delete, on streams of this service only) the entry, and send `reply` to the caller if there is one. */
  private settlementOf(delivery: Delivery, message?: MessageFields, reply?: Reply): Settlement {
    return {
      stream: delivery.stream,
      entryId: delivery.entryId,
      deleteEntry: delivery.kind === 'command' || delivery.stream === this.retryStream,
      reply: message?.replyTo && reply ? { to: message.replyTo, correlationId: message.id, reply } : undefined,
    };
  }

  private context(delivery: Delivery, message: MessageFields): RedisStreamsContext {
    return new RedisStreamsContext({
      stream: delivery.stream,
      entryId: delivery.entryId,
      messageId: message.id,
      pattern: message.pattern,
      kind: delivery.kind,
      deadline: message.deadline,
      redelivered: delivery.redelivered,
    });
  }

  private count(outcome: Outcome): void {
    if (outcome === 'ok') this.counters.handled++;
    else if (outcome === 'error' || outcome === 'dead_lettered') this.counters.failed++;
    else if (outcome === 'expired') this.counters.expired++;
    else this.counters.duplicates++;
    if (outcome === 'dead_lettered') this.counters.deadLettered++;
  }

  private report(message: HandledMessage): void {
    try {
      this.options.onMessageHandled?.(message);
    } catch {
      // An observer must never break message handling.
    }
  }

  private redis(): Redis {
    if (!this.commands) throw new Error('RedisStreamsServer is not listening');
    return this.commands;
  }
}

function safeServiceOf(pattern: string): string | undefined {
  try {
    return serviceOfPattern(pattern);
  } catch {
    return undefined;
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new TransportRpcError('bad_message', 'Payload is not valid JSON');
  }
}
