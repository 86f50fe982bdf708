import type { SweepConfig } from '@tronpay/config';

/** DI token of the gateway's sweep settings (loadSweepConfig). */
export const SWEEP_CONFIG = Symbol('SWEEP_CONFIG');
export type SweepSettings = SweepConfig;
