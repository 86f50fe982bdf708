/** DI tokens of what every service gets from the runtime. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const TRANSPORT_CLIENT = Symbol('TRANSPORT_CLIENT');
export const TRANSPORT_SERVER = Symbol('TRANSPORT_SERVER');
export const REDIS_PROBE = Symbol('REDIS_PROBE');
