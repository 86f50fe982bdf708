export const SERVICE_NAMES = ['tron-client', 'wallet', 'usdt', 'staking', 'gateway', 'payout'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const DEFAULT_PORTS: Readonly<Record<ServiceName | 'devnet', number>> = {
  gateway: 3000,
  'tron-client': 3001,
  wallet: 3002,
  usdt: 3003,
  staking: 3004,
  payout: 3005,
  devnet: 9090,
};

/** Each service owns one PostgreSQL schema, named after it. */
export function schemaOf(service: ServiceName): string {
  return service.replace(/-/g, '_');
}
