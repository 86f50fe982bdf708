/** A transaction that cannot be built or signed as asked; the code maps to a 400/422 at the edge. */
export class TransactionBuildError extends Error {
  readonly code = 'invalid_transaction';

  constructor(message: string) {
    super(message);
    this.name = 'TransactionBuildError';
  }
}
