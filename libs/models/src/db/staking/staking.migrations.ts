import { Kysely, Migration, sql } from 'kysely';
import type { MigrationSet } from '../migration';

function run(schema: string, ...texts: string[]): Migration['up'] {
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  return async (db: Kysely<unknown>) => {
    for (const text of texts) await sql.raw(text.replace(/\$S/g, quoted)).execute(db);
  };
}

function stakingMigration(schema: string): Migration {
  return {
    up: run(
      schema,
      `create table $S.energy_leases (
         id uuid primary key default gen_random_uuid(),
         key text not null unique,
         address text not null,
         purpose text not null check (purpose in ('sweep', 'payout')),
         status text not null check (status in ('preparing', 'ready', 'waiting', 'releasing', 'released', 'failed')),
         energy_needed bigint not null check (energy_needed >= 0),
         bandwidth_needed bigint not null check (bandwidth_needed >= 0),
         top_up boolean not null,
         max_burn_sun numeric(78,0),
         staking_address text,
         delegated_energy_sun numeric(78,0) not null default 0,
         delegated_bandwidth_sun numeric(78,0) not null default 0,
         energy_delegated bigint not null default 0,
         burn_energy bigint not null default 0,
         burn_sun numeric(78,0) not null default 0,
         fee_limit_sun numeric(78,0) not null default 0,
         top_ups jsonb not null default '[]',
         reason text,
         locked_until timestamptz,
         plan_attempts integer not null default 0,
         requested_by text not null,
         next_check_at timestamptz not null default now(),
         expires_at timestamptz not null,
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now(),
         ready_at timestamptz,
         release_requested_at timestamptz,
         released_at timestamptz
       )`,
      `create index energy_leases_open_idx on $S.energy_leases (next_check_at) where status in ('preparing', 'waiting', 'releasing', 'ready')`,
      `create table $S.operations (
         id uuid primary key default gen_random_uuid(),
         wallet_id uuid not null,
         address text not null,
         kind text not null check (kind in ('freeze', 'unfreeze', 'withdraw', 'delegate', 'undelegate', 'vote', 'claim-rewards', 'cancel-unfreezes', 'topup')),
         origin text not null check (origin in ('api', 'schedule', 'energy')),
         status text not null check (status in ('pending', 'broadcast', 'confirmed', 'failed')),
         amount numeric(78,0) check (amount > 0),
         resource text check (resource in ('ENERGY', 'BANDWIDTH')),
         receiver text,
         lock_period_blocks integer,
         votes jsonb,
         lease_id uuid references $S.energy_leases (id),
         permission_id integer,
         tx_id text unique,
         transaction jsonb,
         expiration timestamptz,
         fee numeric(78,0),
         block_number bigint,
         result_code text,
         failure_reason text,
         idempotency_key text unique,
         fingerprint text,
         requested_by text not null,
         next_check_at timestamptz not null default now(),
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now(),
         finished_at timestamptz,
         check (status in ('pending', 'failed') or (tx_id is not null and transaction is not null))
       )`,
      `create index operations_open_idx on $S.operations (next_check_at) where status in ('pending', 'broadcast')`,
      `create index operations_wallet_idx on $S.operations (wallet_id, created_at desc, id desc)`,
      `create index operations_lease_idx on $S.operations (lease_id) where lease_id is not null`,
      `create table $S.tracked_wallets (
         wallet_id uuid primary key,
         address text not null,
         kind text not null,
         since timestamptz not null default now(),
         synced_at timestamptz,
         sync_error text
       )`,
      `create table $S.unfreezes (
         id bigserial primary key,
         wallet_id uuid not null,
         resource text not null check (resource in ('ENERGY', 'BANDWIDTH')),
         amount numeric(78,0) not null check (amount > 0),
         withdrawable_at timestamptz(3) not null,
         status text not null check (status in ('pending', 'withdrawn', 'cancelled')),
         first_seen_at timestamptz not null default now(),
         closed_at timestamptz,
         unique (wallet_id, resource, amount, withdrawable_at)
       )`,
      `create index unfreezes_pending_idx on $S.unfreezes (withdrawable_at) where status = 'pending'`,
      `create table $S.delegations (
         wallet_id uuid not null,
         receiver text not null,
         resource text not null check (resource in ('ENERGY', 'BANDWIDTH')),
         locked boolean not null,
         amount numeric(78,0) not null,
         locked_until timestamptz(3),
         synced_at timestamptz not null default now(),
         primary key (wallet_id, receiver, resource, locked)
       )`,
    ),
    down: run(
      schema,
      'drop table $S.delegations',
      'drop table $S.unfreezes',
      'drop table $S.tracked_wallets',
      'drop table $S.operations',
      'drop table $S.energy_leases',
    ),
  };
}

/** The staking service's own migrations, after the common inbox (keys are never renamed once released). */
export function stakingMigrations(schema: string): MigrationSet {
  return {
    '0002_staking': stakingMigration(schema),
  };
}
