/** Errors of the watched set; the transport's error filter passes the code to the caller. */
export class WatchError extends Error {
  constructor(
    readonly code: 'invalid_address',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'WatchError';
  }
}
