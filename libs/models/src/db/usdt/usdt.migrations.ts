import type { MigrationSet } from '../migration';

/** The usdt service's own migrations, after the common inbox (keys are never renamed once released). */
export function usdtMigrations(_schema: string): MigrationSet {
  return {};
}
