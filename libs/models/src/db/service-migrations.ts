import { schemaOf, ServiceName } from '@tronpay/config';
import { inboxMigration, MigrationSet } from './migration';
import { gatewayMigrations } from './gateway/gateway.migrations';
import { payoutMigrations } from './payout/payout.migrations';
import { stakingMigrations } from './staking/staking.migrations';
import { usdtMigrations } from './usdt/usdt.migrations';
import { walletMigrations } from './wallet/wallet.migrations';
import { broadcastMigrations } from './tron-client/broadcast.migrations';
import { tronClientMigrations } from './tron-client/tron-client.migrations';

/** Every service's migrations, by service. Each set only touches that service's schema. */
export function migrationsFor(service: ServiceName): MigrationSet {
  const schema = schemaOf(service);
  const common: MigrationSet = { '0001_inbox': inboxMigration(schema) };
  switch (service) {
    case 'wallet':
      return { ...common, ...walletMigrations(schema) };
    case 'tron-client':
      return { ...common, ...tronClientMigrations(schema), ...broadcastMigrations(schema) };
    case 'gateway':
      return { ...common, ...gatewayMigrations(schema) };
    case 'usdt':
      return { ...common, ...usdtMigrations(schema) };
    case 'staking':
      return { ...common, ...stakingMigrations(schema) };
    case 'payout':
      return { ...common, ...payoutMigrations(schema) };
  }
}
