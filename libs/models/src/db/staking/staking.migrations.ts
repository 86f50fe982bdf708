import type { MigrationSet } from '../migration';

/** The staking service's own migrations, after the common inbox (keys are never renamed once released). */
export function stakingMigrations(_schema: string): MigrationSet {
  return {};
}
