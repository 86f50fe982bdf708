/** DI token of the staking service's own settings (loadStakingConfig). */
export const STAKING_CONFIG = Symbol('STAKING_CONFIG');
