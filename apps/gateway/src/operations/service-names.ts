import { SERVICE_NAMES, ServiceName } from '@tronpay/config';

/** The operator names of API.md's `GET /<name>/stats`, by service. */
export const OPERATOR_NAMES: Readonly<Record<ServiceName, string>> = {
  'tron-client': 'tron-client',
  wallet: 'wallet-manager',
  usdt: 'usdt-manager',
  staking: 'trx-staking',
  gateway: 'payment-gateway',
  payout: 'payout-router',
};

/** Every name a path may use for a service: the operator names first, then the service names. */
export const SERVICE_PATH_NAMES: readonly string[] = [...new Set([...Object.values(OPERATOR_NAMES), ...SERVICE_NAMES])];

/** The service a path names (`wallet-manager` or `wallet`), or null. */
export function serviceNamed(name: string): ServiceName | null {
  const byOperatorName = SERVICE_NAMES.find((s) => OPERATOR_NAMES[s] === name);
  return byOperatorName ?? SERVICE_NAMES.find((s) => s === name) ?? null;
}
