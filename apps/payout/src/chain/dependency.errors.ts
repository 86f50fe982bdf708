import { TransportRpcError } from '@tronpay/transport';

const UNREACHABLE = new Set(['timeout', 'unavailable', 'client_closed', 'no_handler', 'internal']);

export type DependencyName = 'tron-client' | 'wallet' | 'staking';

/** A service the payout service depends on did not answer usefully; the work is retried. */
export class DependencyError extends Error {
  constructor(
    readonly service: DependencyName,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DependencyError';
  }

  /** It did not answer at all (or failed inside): nothing is known about the outcome. */
  get unreachable(): boolean {
    return UNREACHABLE.has(this.code);
  }
}

/** Runs a transport request, turning its failure into a DependencyError that names the service and the code. */
export async function ask<T>(service: DependencyName, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof TransportRpcError) throw new DependencyError(service, e.code, `${service}: ${e.code}: ${e.message}`);
    throw new DependencyError(service, 'internal', `${service}: ${(e as Error).message}`);
  }
}
