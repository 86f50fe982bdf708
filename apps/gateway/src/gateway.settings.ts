import type { GatewayConfig } from '@tronpay/config';

/** DI token of the gateway's own settings (loadGatewayConfig). */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export type GatewaySettings = GatewayConfig;
