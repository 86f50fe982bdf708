import { TronWeb } from 'tronweb';

export type { TronWeb };

/** An unmodified TronWeb against one full node (also used as solidity node and event server). */
export function createTronWeb(fullHost: string, privateKey?: string): TronWeb {
  return new TronWeb(privateKey ? { fullHost, privateKey } : { fullHost });
}
