import { createHmac, timingSafeEqual } from 'node:crypto';

// This file depends on node:crypto only, so that a merchant can copy it into their own code.

/** The request header that carries the signature. */
export const SIGNATURE_HEADER = 'Tronpay-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** What a webhook request's body holds: the stored event, exactly as it was signed. */
export interface WebhookEvent<T = unknown> {
  id: string;
  type: string;
  createdAt: string;
  data: T;
}

export type WebhookVerificationCode = 'missing_header' | 'malformed_header' | 'timestamp_outside_tolerance' | 'bad_signature' | 'malformed_payload';

export class WebhookVerificationError extends Error {
  constructor(
    readonly code: WebhookVerificationCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

export interface VerifyOptions {
  /** How far the signed timestamp may be from now, either way (default 300 s). */
  toleranceSeconds?: number;
  /** The current time (default: the clock). */
  now?: Date;
}

function hmacHex(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The `Tronpay-Signature` value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function signWebhook(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new RangeError('timestampSeconds must be a non-negative integer');
  return `t=${timestampSeconds},v1=${hmacHex(secret, rawBody, timestampSeconds)}`;
}

function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Other schemes (v0, a future v2) are ignored, so that senders can add one without breaking receivers.
    else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookVerificationError('malformed_header', `${SIGNATURE_HEADER} must look like t=<unix seconds>,v1=<64 hex digits>`);
  }
  return { timestamp, signatures };
}

/**
 * Checks a signature over the raw body (the bytes as received, before any JSON parsing). Any
 * v1 entry made with any of the given secrets passes, so both sides can rotate secrets.
 * Throws WebhookVerificationError; returns the signed timestamp.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  header: string | string[] | undefined | null,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): number {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value.trim() === '') throw new WebhookVerificationError('missing_header', `No ${SIGNATURE_HEADER} header`);
  const { timestamp, signatures } = parseHeader(value);
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length === 0)) throw new TypeError('a non-empty webhook secret is required');

  let matched = false;
  for (const s of secrets) {
    const expected = Buffer.from(hmacHex(s, rawBody, timestamp), 'hex');
    // Every candidate is compared, in constant time, so timing says nothing about which matched.
    for (const candidate of signatures) if (timingSafeEqual(expected, candidate)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError('bad_signature', 'The signature does not match the body and secret');

  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new WebhookVerificationError('timestamp_outside_tolerance', `The signature's timestamp is more than ${tolerance} s from now (a replay?)`);
  }
  return timestamp;
}

/** Verifies a webhook request and returns its event `{id, type, createdAt, data}`. */
export function verifyWebhook<T = unknown>(
  rawBody: string | Buffer,
  header: string | string[] | undefined | null,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): WebhookEvent<T> {
  verifyWebhookSignature(rawBody, header, secret, options);
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    throw new WebhookVerificationError('malformed_payload', 'The signed body is not JSON');
  }
  const event = parsed as Partial<WebhookEvent<T>> | null;
  if (!event || typeof event !== 'object' || typeof event.id !== 'string' || typeof event.type !== 'string' || typeof event.createdAt !== 'string' || !('data' in event)) {
    throw new WebhookVerificationError('malformed_payload', 'The signed body is not an event {id, type, createdAt, data}');
  }
  return { id: event.id, type: event.type, createdAt: event.createdAt, data: event.data as T };
}
