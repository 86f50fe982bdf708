import { schemaOf, ServiceName } from '@tronpay/config';
import { inboxMigration, MigrationSet } from './migration';

/** Every service's migrations, by service. Each set only touches that service's schema. */
export function migrationsFor(service: ServiceName): MigrationSet {
  const schema = schemaOf(service);
  const common: MigrationSet = { '0001_inbox': inboxMigration(schema) };
  switch (service) {
    case 'tron-client':
    case 'wallet':
    case 'usdt':
    case 'staking':
    case 'gateway':
    case 'payout':
      return common;
  }
}
