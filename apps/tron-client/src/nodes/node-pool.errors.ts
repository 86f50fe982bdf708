/** Raised when no node of the pool gave a usable answer within the retries. */
export class NodePoolError extends Error {
  readonly code = 'nodes_unavailable';

  constructor(
    readonly path: string,
    readonly lastReason: string,
  ) {
    super(`no node answered ${path}: ${lastReason}`);
    this.name = 'NodePoolError';
  }
}

/** A node answered, but not what was asked (an `Error` body, a non-2xx status, unparseable JSON). */
export class NodeAnswerError extends Error {
  constructor(
    readonly outcome: 'http_error' | 'node_error' | 'bad_json' | 'incomplete',
    message: string,
  ) {
    super(message);
    this.name = 'NodeAnswerError';
  }
}
