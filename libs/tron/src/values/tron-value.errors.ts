export type TronValueErrorCode = 'invalid_address' | 'invalid_amount';

/** Bad input to a value type (address or amount); the code maps to a 400 at the edge. */
export class TronValueError extends Error {
  constructor(
    readonly code: TronValueErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TronValueError';
  }
}

/** A short, printable rendering of rejected input for an error message (never the whole of a huge string). */
export function preview(input: unknown): string {
  if (typeof input !== 'string') return typeof input;
  const shown = input.length > 48 ? input.slice(0, 48) + '...' : input;
  return JSON.stringify(shown);
}
