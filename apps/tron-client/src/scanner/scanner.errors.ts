/** The lease moved to another scanner (its fence is newer): this one must stop writing. */
export class FencedOutError extends Error {
  constructor(readonly fence: number) {
    super(`scanner fence ${fence} is stale: another scanner leads`);
    this.name = 'FencedOutError';
  }
}
