/** Errors of the broadcaster; the transport's error filter passes the code to the caller. */
export class BroadcasterError extends Error {
  constructor(
    readonly code: 'invalid_transaction' | 'invalid_signature' | 'tx_not_found',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BroadcasterError';
  }
}
