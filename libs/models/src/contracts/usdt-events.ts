/**
 * Published by tron-client's scanner for a TRC20 `Transfer` log to a watched address from a
 * contract that is not in the registry (above the dust threshold): never credited, but the usdt
 * service lists it for the operator. Payload: DepositEvent (`token` is the contract), eventId
 * `unregistered:<txId>:<logIndex>:<blockHash>`; at least once, consumers de-duplicate.
 */
export const DEPOSIT_UNREGISTERED_TOKEN = 'deposit.unregistered-token';
