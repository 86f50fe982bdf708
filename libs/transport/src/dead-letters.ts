import type Redis from 'ioredis';
import { REPLAY_DEAD_LETTERS_LUA } from './redis-streams.scripts';
import { MessageFields, parseEntries } from './stream-entries';
import type { StreamKeys } from './stream-keys';
import type { WireError } from './transport.errors';

/**
 * An event a service gave up on: every attempt of its handler failed. Kept in the service's
 * dead-letter stream until an operator replays it (see replayDeadLetters).
 */
export interface DeadLetter {
  /** Entry id in the dead-letter stream. */
  deadLetterId: string;
  /** The sender's message id, unchanged through retries and replays. */
  id: string;
  pattern: string;
  /** JSON text, exactly as emitted. */
  data: string;
  /** Where the event was read from: its event stream, or the service's retry stream after a replay. */
  stream: string;
  entryId: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  /** The last error in its public shape (`internal` for unexpected errors; the log has the rest). */
  errorCode: string;
  errorMessage: string;
}

export interface FailureRecord {
  attempts: number;
  firstFailedAt: string;
}

export interface ReplayResult {
  replayed: number;
  byPattern: Record<string, number>;
  /** Dead letters still there: other patterns, or events that failed again meanwhile. */
  left: number;
}

/**
 * Refreshed at each failure, so it only has to outlast the gap between two attempts (about one
 * visibility timeout); it outlives its event only when the entry vanished while pending
 * (trimmed away), and then it should not stay forever.
 */
const FAILURE_TTL_SECONDS = 7 * 86_400;
const REPLAY_BATCH = 100;

/**
 * Counts one failed attempt of an event for a service. The count lives in Redis, not in the
 * replica, so it survives the replica's crash and is shared by the replicas that retry it.
 */
export async function recordFailure(redis: Redis, key: string, now: Date): Promise<FailureRecord> {
  const results = await redis
    .multi()
    .hincrby(key, 'attempts', 1)
    .hsetnx(key, 'firstFailedAt', now.toISOString())
    .hget(key, 'firstFailedAt')
    .expire(key, FAILURE_TTL_SECONDS)
    .exec();
  const failed = results?.find(([err]) => err);
  if (!results || failed) throw failed?.[0] ?? new Error('Transaction aborted');
  return { attempts: Number(results[0][1]), firstFailedAt: String(results[2][1]) };
}

export function encodeDeadLetter(letter: Omit<DeadLetter, 'deadLetterId'>): string[] {
  return [
    ...['id', letter.id, 'pattern', letter.pattern, 'data', letter.data],
    ...['stream', letter.stream, 'entryId', letter.entryId, 'attempts', String(letter.attempts)],
    ...['firstFailedAt', letter.firstFailedAt, 'lastFailedAt', letter.lastFailedAt],
    ...['errorCode', letter.errorCode, 'errorMessage', letter.errorMessage],
  ];
}

export function deadLetterOf(
  message: MessageFields,
  origin: { stream: string; entryId: string },
  failure: FailureRecord,
  lastFailedAt: Date,
  error: WireError,
): Omit<DeadLetter, 'deadLetterId'> {
  return {
    id: message.id,
    pattern: message.pattern,
    data: message.data,
    ...origin,
    ...failure,
    lastFailedAt: lastFailedAt.toISOString(),
    errorCode: error.code,
    errorMessage: error.message,
  };
}

/** The dead letters of a service, oldest first (at most `count`). */
export async function readDeadLetters(redis: Redis, keys: StreamKeys, service: string, count = 1000): Promise<DeadLetter[]> {
  const raw = await redis.call('XRANGE', [keys.deadLetters(service), '-', '+', 'COUNT', count]);
  return parseEntries(raw).flatMap(({ id, fields }) => (fields ? [decodeDeadLetter(id, fields)] : []));
}

function decodeDeadLetter(deadLetterId: string, f: Record<string, string>): DeadLetter {
  return {
    deadLetterId,
    id: f['id'] ?? '',
    pattern: f['pattern'] ?? '',
    data: f['data'] ?? 'null',
    stream: f['stream'] ?? '',
    entryId: f['entryId'] ?? '',
    attempts: Number(f['attempts'] ?? 0),
    firstFailedAt: f['firstFailedAt'] ?? '',
    lastFailedAt: f['lastFailedAt'] ?? '',
    errorCode: f['errorCode'] ?? '',
    errorMessage: f['errorMessage'] ?? '',
  };
}

/**
 * Moves a service's dead letters (those of one pattern, or all) to its retry stream, which
 * only that service's group reads: the services that handled the event the first time never
 * see the replay. Each letter moves once even if two replays run at once (the script deletes
 * it as it copies it). Letters dead-lettered again during the replay are left for the next one.
 */
export async function replayDeadLetters(
  redis: Redis,
  keys: StreamKeys,
  service: string,
  options: { pattern?: string } = {},
): Promise<ReplayResult> {
  const dead = keys.deadLetters(service);
  const result: ReplayResult = { replayed: 0, byPattern: {}, left: 0 };
  const last = parseEntries(await redis.call('XREVRANGE', [dead, '+', '-', 'COUNT', 1]))[0]?.id;
  let cursor = '-';
  while (last) {
    const batch = parseEntries(await redis.call('XRANGE', [dead, cursor, last, 'COUNT', REPLAY_BATCH]));
    if (batch.length === 0) break;
    cursor = `(${batch[batch.length - 1].id}`;
    const chosen = batch.filter((e) => e.fields && (!options.pattern || e.fields['pattern'] === options.pattern));
    if (chosen.length > 0) {
      const moved = (await redis.call('EVAL', [
        REPLAY_DEAD_LETTERS_LUA,
        2,
        dead,
        keys.retry(service),
        ...chosen.map((e) => e.id),
      ])) as string[];
      for (const pattern of moved) {
        result.replayed++;
        result.byPattern[pattern] = (result.byPattern[pattern] ?? 0) + 1;
      }
    }
    if (batch.length < REPLAY_BATCH) break;
  }
  result.left = await redis.xlen(dead);
  return result;
}
