/** Errors of the queries; the transport's error filter passes the code to the caller. */
export class QueryError extends Error {
  constructor(
    readonly code: 'invalid_address' | 'contract_call_failed',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
