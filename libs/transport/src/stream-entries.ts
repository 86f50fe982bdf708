import type { WireError } from './transport.errors';

/** One stream entry as Redis returns it; `fields` is null when the entry was deleted meanwhile. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string> | null;
}

export interface StreamBatch {
  stream: string;
  entries: StreamEntry[];
}

/** Fields of a command or event entry. `data` stays JSON text until the handler needs it. */
export interface MessageFields {
  id: string;
  pattern: string;
  data: string;
  /** Commands only: the caller's reply stream. */
  replyTo?: string;
  /** Commands only: epoch ms after which the caller no longer waits. */
  deadline?: number;
}

export type ReplyStatus = 'ok' | 'error';

export interface Reply {
  status: ReplyStatus;
  /** JSON of the response value, or of a WireError when status is `error`. */
  body: string;
}

function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return null;
}

function parseEntry(raw: unknown): StreamEntry | null {
  if (!Array.isArray(raw)) return null;
  const id = toText(raw[0]);
  if (id === null) return null;
  const flat: unknown = raw[1];
  if (!Array.isArray(flat)) return { id, fields: null };
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const key = toText(flat[i]);
    const value = toText(flat[i + 1]);
    if (key !== null && value !== null) fields[key] = value;
  }
  return { id, fields };
}

export function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const entries: StreamEntry[] = [];
  for (const item of raw) {
    const entry = parseEntry(item);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** XREAD / XREADGROUP reply: null on timeout, else `[[stream, [[id, [k, v, ...]], ...]], ...]`. */
export function parseStreamRead(raw: unknown): StreamBatch[] {
  if (!Array.isArray(raw)) return [];
  const batches: StreamBatch[] = [];
  for (const item of raw) {
    if (!Array.isArray(item)) continue;
    const stream = toText(item[0]);
    if (stream !== null) batches.push({ stream, entries: parseEntries(item[1]) });
  }
  return batches;
}

/** XAUTOCLAIM reply: `[nextCursor, entries, deletedIds]` (the third element since Redis 7). */
export function parseAutoClaim(raw: unknown): { cursor: string; entries: StreamEntry[]; deleted: string[] } {
  if (!Array.isArray(raw)) return { cursor: '0-0', entries: [], deleted: [] };
  const deleted = Array.isArray(raw[2]) ? raw[2].map(toText).filter((id): id is string => id !== null) : [];
  return { cursor: toText(raw[0]) ?? '0-0', entries: parseEntries(raw[1]), deleted };
}

export function encodeMessage(message: MessageFields): string[] {
  const fields = ['id', message.id, 'pattern', message.pattern, 'data', message.data];
  if (message.replyTo !== undefined) fields.push('replyTo', message.replyTo);
  if (message.deadline !== undefined) fields.push('deadline', String(message.deadline));
  return fields;
}

export function decodeMessage(fields: Record<string, string>): MessageFields | null {
  const { id, pattern, data, replyTo, deadline } = fields;
  if (!id || !pattern) return null;
  const parsedDeadline = deadline === undefined ? undefined : Number(deadline);
  return {
    id,
    pattern,
    data: data ?? 'null',
    replyTo: replyTo || undefined,
    deadline: parsedDeadline !== undefined && Number.isFinite(parsedDeadline) ? parsedDeadline : undefined,
  };
}

export function encodeReplyFields(correlationId: string, reply: Reply): string[] {
  return ['id', correlationId, 'status', reply.status, 'body', reply.body];
}

export function decodeReplyFields(fields: Record<string, string>): ({ id: string } & Reply) | null {
  const { id, status, body } = fields;
  if (!id || (status !== 'ok' && status !== 'error')) return null;
  return { id, status, body: body ?? 'null' };
}

/** The done key holds the reply exactly as it was first sent: `ok|<json>` or `error|<json>`. */
export function encodeDone(reply: Reply): string {
  return `${reply.status}|${reply.body}`;
}

export function decodeDone(value: string): Reply | null {
  const bar = value.indexOf('|');
  const status = value.slice(0, bar);
  if (bar < 0 || (status !== 'ok' && status !== 'error')) return null;
  return { status, body: value.slice(bar + 1) };
}

export function errorReply(error: WireError): Reply {
  return { status: 'error', body: JSON.stringify(error) };
}
