import { RpcException } from '@nestjs/microservices';

/** The error shape that travels on the wire: no stack, no class, nothing internal. */
export interface WireError {
  code: string;
  message: string;
  details?: unknown;
}

export const INTERNAL_ERROR_CODE = 'internal';
export const INTERNAL_ERROR_MESSAGE = 'Internal error';

/**
 * Public error codes are lower-case words (`insufficient_funds`, `wallet.locked`). Node and
 * driver errors carry upper-case codes (`ECONNREFUSED`, `ERR_...`) whose messages leak
 * hosts and internals, so they do not qualify and become `internal`.
 */
const PUBLIC_CODE = /^[a-z][a-z0-9_.-]{0,99}$/;

export function isPublicErrorCode(code: unknown): code is string {
  return typeof code === 'string' && PUBLIC_CODE.test(code);
}

/**
 * A typed error of a remote handler, as the caller sees it. Handlers may throw it too:
 * it extends RpcException, so even Nest's default RPC filter passes it through intact.
 */
export class TransportRpcError extends RpcException {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(details === undefined ? { code, message } : { code, message, details });
    this.name = 'TransportRpcError';
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The deadline of a command passed before a reply arrived. The command may still run. */
export class TransportTimeoutError extends TransportRpcError {
  constructor(pattern: string, timeoutMs: number) {
    super('timeout', `No reply to ${pattern} within ${timeoutMs} ms`, { pattern, timeoutMs });
    this.name = 'TransportTimeoutError';
  }
}

/** close() was called while the request was waiting for its reply. */
export class TransportClosedError extends TransportRpcError {
  constructor(pattern: string) {
    super('client_closed', `Client closed before ${pattern} was answered`, { pattern });
    this.name = 'TransportClosedError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function fromCoded(value: Record<string, unknown>): WireError | null {
  if (!isPublicErrorCode(value['code'])) return null;
  const message = typeof value['message'] === 'string' && value['message'] ? value['message'] : value['code'];
  const details = value['details'];
  return details === undefined ? { code: value['code'], message } : { code: value['code'], message, details };
}

/**
 * Maps anything a handler threw (or the Nest pipeline turned it into) to the wire shape.
 * Returns `known: false` for errors that were flattened to `internal`, so callers can log them.
 */
export function toWireError(error: unknown): { wire: WireError; known: boolean } {
  if (error instanceof TransportRpcError) return { wire: error.toWire(), known: true };
  if (error instanceof RpcException) {
    const inner = error.getError();
    const coded = isRecord(inner) ? fromCoded(inner) : null;
    if (coded) return { wire: coded, known: true };
  } else if (isRecord(error)) {
    const coded = fromCoded(error);
    if (coded) return { wire: coded, known: true };
  }
  return { wire: { code: INTERNAL_ERROR_CODE, message: INTERNAL_ERROR_MESSAGE }, known: false };
}

/** Rebuilds the caller-side error from a wire error; unexpected shapes become `internal`. */
export function fromWireError(value: unknown): TransportRpcError {
  const coded = isRecord(value) ? fromCoded(value) : null;
  if (!coded) return new TransportRpcError(INTERNAL_ERROR_CODE, INTERNAL_ERROR_MESSAGE);
  return new TransportRpcError(coded.code, coded.message, coded.details);
}
