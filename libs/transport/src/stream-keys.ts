/**
 * Key layout of the transport. One place, so that server, client, tests and operators agree.
 *
 *   ${prefix}cmd:${service}          command stream of a service, consumer group = service
 *   ${prefix}evt:${pattern}          event stream of a pattern, one consumer group per subscribing service
 *   ${prefix}reply:${clientId}       reply stream of one client instance
 *   ${prefix}done:${service}:${id}   outcome of a finished message, for de-duplication on redelivery
 *   ${prefix}failed:${service}:${id} failed attempts of an event (hash), until it succeeds or is dead-lettered
 *   ${prefix}dead:${service}         dead-letter stream: events of this service that failed every attempt
 *   ${prefix}retry:${service}        replayed dead letters, read by this service's group only
 */
export interface StreamKeys {
  command(service: string): string;
  event(pattern: string): string;
  reply(clientId: string): string;
  done(service: string, messageId: string): string;
  failures(service: string, messageId: string): string;
  deadLetters(service: string): string;
  retry(service: string): string;
}

export function streamKeys(prefix: string): StreamKeys {
  return {
    command: (service) => `${prefix}cmd:${service}`,
    event: (pattern) => `${prefix}evt:${pattern}`,
    reply: (clientId) => `${prefix}reply:${clientId}`,
    done: (service, messageId) => `${prefix}done:${service}:${messageId}`,
    failures: (service, messageId) => `${prefix}failed:${service}:${messageId}`,
    deadLetters: (service) => `${prefix}dead:${service}`,
    retry: (service) => `${prefix}retry:${service}`,
  };
}

/** `wallet.sign.v1` is served by `wallet`: the target service is the first dot-segment. */
export function serviceOfPattern(pattern: string): string {
  const service = pattern.split('.', 1)[0];
  if (!service || service.startsWith('{') || service.startsWith('[')) {
    throw new Error(`Cannot derive a target service from pattern "${pattern}": pass the service explicitly`);
  }
  return service;
}

/**
 * Reply streams live as long as their client refreshes them; the server refreshes the
 * TTL on every reply too, so a stream whose client died disappears on its own.
 */
export const REPLY_STREAM_TTL_SECONDS = 300;

/** Safety cap on a reply stream; the client trims what it has read long before this. */
export const REPLY_STREAM_MAX_LEN = 100_000;
