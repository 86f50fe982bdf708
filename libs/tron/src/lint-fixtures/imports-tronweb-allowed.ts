// Lint fixture (never built or run): libs/tron is the one importer of tronweb.
import { TronWeb } from 'tronweb';

export const allowed = TronWeb;
