import type { MigrationSet } from '../migration';

/** The payout service's own migrations, after the common inbox (keys are never renamed once released). */
export function payoutMigrations(_schema: string): MigrationSet {
  return {};
}
