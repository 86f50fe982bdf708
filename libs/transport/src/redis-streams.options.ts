import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { RedisOptions } from 'ioredis';

export type MessageKind = 'command' | 'event';
export type MessageOutcome = 'ok' | 'error' | 'expired' | 'duplicate';

/** Reported once per message a replica finished with, e.g. to feed a Prometheus histogram. */
export interface HandledMessage {
  pattern: string;
  kind: MessageKind;
  outcome: MessageOutcome;
  durationMs: number;
  /** True when the entry came from another (presumably dead) replica, from this replica's own backlog, or is the retry of a failed event. */
  redelivered: boolean;
  /** An event whose last allowed attempt failed (outcome `error`): moved to the dead-letter stream. */
  deadLettered?: boolean;
}

export interface RedisStreamsServerStats {
  /** Handlers that finished without error. */
  handled: number;
  /** Handlers that threw (commands answered with an error, events left for a retry or dead-lettered). */
  failed: number;
  /** Events moved to the dead-letter stream after their last allowed attempt failed. */
  deadLettered: number;
  /** Entries taken over from a consumer that stopped heartbeating, or left pending by a failed event handler. */
  redelivered: number;
  /** Commands acked unrun because their deadline had passed. */
  expired: number;
  /** Entries whose outcome was already stored: the stored reply was re-sent, the handler not run. */
  duplicates: number;
  /** Entries this replica holds right now (running or queued behind the concurrency limit). */
  inFlight: number;
}

export interface RedisStreamsServerOptions {
  /** e.g. `redis://127.0.0.1:6379/0` */
  url: string;
  /** Prefix of every key, e.g. `tronpay:`. */
  prefix?: string;
  /** This service's name: its command stream and its consumer group name on every stream. */
  service: string;
  /** Replica id inside the groups; default `hostname-pid-random`. */
  consumer?: string;
  /** An entry unacked and not heartbeated for this long is handed to another replica. */
  visibilityTimeoutMs?: number;
  /** Entries handled at once by this replica. */
  concurrency?: number;
  /** How long one XREADGROUP waits for entries; bounds how fast close() stops reading without CLIENT UNBLOCK. */
  blockMs?: number;
  /** How often to look for entries abandoned by dead replicas (XAUTOCLAIM). */
  claimIntervalMs?: number;
  /** Approximate cap on the event streams this service subscribes to. */
  eventStreamMaxLen?: number;
  /**
   * Attempts of an event's handler before the event goes to the service's dead-letter stream.
   * A failed event is not acked: another replica (or this one) retries it after the visibility timeout.
   */
  eventMaxAttempts?: number;
  /** How long the outcome of a finished message is kept for de-duplication. */
  doneTtlSeconds?: number;
  /** close() waits this long for running handlers before quitting anyway. */
  closeTimeoutMs?: number;
  /** Called after each message; exceptions thrown by it are ignored. */
  onMessageHandled?: (message: HandledMessage) => void;
  /** Extra ioredis options (TLS, timeouts); `url` wins for host, port and auth. */
  redisOptions?: RedisOptions;
}

export interface RedisStreamsClientOptions {
  url: string;
  prefix?: string;
  /** Default deadline of `send`, from the moment the command is written. */
  requestTimeoutMs?: number;
  /** Send every command to this service instead of the pattern's first dot-segment. */
  service?: string;
  /** Approximate cap applied to an event stream on every emit. */
  eventStreamMaxLen?: number;
  /** How long one XREAD on the reply stream waits; only affects idle polling. */
  blockMs?: number;
  redisOptions?: RedisOptions;
}

/** Per-call options of `RedisStreamsClient.send` / `request`. */
export interface SendOptions {
  timeoutMs?: number;
  /** Target service; overrides the client option and the pattern's first segment. */
  service?: string;
}

export const DEFAULT_PREFIX = 'tronpay:';
export const DEFAULT_EVENT_STREAM_MAX_LEN = 1_000_000;
export const DEFAULT_EVENT_MAX_ATTEMPTS = 20;

export type ResolvedServerOptions = Required<
  Omit<RedisStreamsServerOptions, 'onMessageHandled' | 'redisOptions'>
> &
  Pick<RedisStreamsServerOptions, 'onMessageHandled' | 'redisOptions'>;

export function resolveServerOptions(options: RedisStreamsServerOptions): ResolvedServerOptions {
  if (!options.service) throw new Error('RedisStreamsServer needs a service name');
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
  return {
    ...options,
    prefix: options.prefix ?? DEFAULT_PREFIX,
    consumer: options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    visibilityTimeoutMs,
    concurrency: Math.max(1, options.concurrency ?? 64),
    blockMs: options.blockMs ?? 2_000,
    claimIntervalMs: options.claimIntervalMs ?? Math.max(100, Math.min(5_000, Math.floor(visibilityTimeoutMs / 2))),
    eventStreamMaxLen: options.eventStreamMaxLen ?? DEFAULT_EVENT_STREAM_MAX_LEN,
    eventMaxAttempts: Math.max(1, options.eventMaxAttempts ?? DEFAULT_EVENT_MAX_ATTEMPTS),
    doneTtlSeconds: options.doneTtlSeconds ?? 86_400,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
  };
}
