/** DI token of the usdt service's own settings (loadUsdtConfig). */
export const USDT_CONFIG = Symbol('USDT_CONFIG');
