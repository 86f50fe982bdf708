export { RedisStreamsServer, REDIS_STREAMS_TRANSPORT } from './redis-streams.server';
export type { RedisListener, RedisStreamsStatus } from './redis-streams.server';
export { RedisStreamsClient } from './redis-streams.client';
export { RedisStreamsContext } from './redis-streams.context';
export type { RedisStreamsMessageInfo } from './redis-streams.context';
export { DEFAULT_EVENT_MAX_ATTEMPTS, DEFAULT_EVENT_STREAM_MAX_LEN, DEFAULT_PREFIX } from './redis-streams.options';
export type {
  HandledMessage,
  MessageKind,
  MessageOutcome,
  RedisStreamsClientOptions,
  RedisStreamsServerOptions,
  RedisStreamsServerStats,
  SendOptions,
} from './redis-streams.options';
export {
  fromWireError,
  INTERNAL_ERROR_CODE,
  isPublicErrorCode,
  toWireError,
  TransportClosedError,
  TransportRpcError,
  TransportTimeoutError,
} from './transport.errors';
export type { WireError } from './transport.errors';
export { RpcValidationPipe, VALIDATION_FAILED } from './rpc-validation.pipe';
export type { ValidationIssue } from './rpc-validation.pipe';
export { RpcErrorFilter } from './rpc-error.filter';
export { REPLY_STREAM_TTL_SECONDS, serviceOfPattern, streamKeys } from './stream-keys';
export type { StreamKeys } from './stream-keys';
export type { DeadLetter, ReplayResult } from './dead-letters';
