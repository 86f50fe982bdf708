export class TokensError extends Error {
  constructor(
    readonly code: 'invalid_address' | 'token_conflict' | 'usdt_unknown',
    message: string,
  ) {
    super(message);
    this.name = 'TokensError';
  }
}
