// Lint fixture (never built or run): only libs/tron may import tronweb.
import { TronWeb } from 'tronweb';

export const leaked = TronWeb;
