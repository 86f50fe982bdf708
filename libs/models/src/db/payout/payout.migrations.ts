import { Kysely, Migration, sql } from 'kysely';
import type { MigrationSet } from '../migration';

/** Runs each statement with `$S` replaced by the quoted schema name. */
function statements(schema: string, ...texts: string[]): Migration['up'] {
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  return async (db: Kysely<unknown>) => {
    for (const text of texts) await sql.raw(text.replace(/\$S/g, quoted)).execute(db);
  };
}

// created_at columns keep milliseconds, as a JS Date does, so a list cursor (a Date and an id)
// lands exactly on a row.
function payoutsMigration(schema: string): Migration {
  return {
    up: statements(
      schema,
      `create table $S.recipients (
         id uuid primary key default gen_random_uuid(),
         external_id text not null unique,
         kyc_level smallint not null check (kyc_level between 0 and 3),
         addresses text[] not null default '{}',
         idempotency_key text unique,
         fingerprint text,
         created_by text not null,
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now()
       )`,
      `create table $S.payouts (
         id uuid primary key,
         idempotency_key text unique,
         fingerprint text not null,
         batch_id uuid,
         batch_index integer,
         currency text not null check (currency in ('TRX', 'USDT')),
         amount numeric(78,0) not null check (amount > 0),
         destination text not null,
         recipient_id uuid references $S.recipients (id),
         kyc_level smallint not null check (kyc_level between 0 and 3),
         reference text,
         route text not null check (route in ('v0', 'kyc')),
         status text not null check (status in ('pending_approval', 'queued', 'signed', 'broadcast', 'confirmed', 'failed', 'rejected', 'cancelled')),
         approvals_required smallint not null default 0 check (approvals_required between 0 and 2),
         warnings text[] not null default '{}',
         failure_reason text,
         failure_detail text,
         hold_reason text,
         held_since timestamptz,
         created_by text not null,
         hot_wallet_id uuid,
         hot_wallet_address text,
         reserved_at timestamptz,
         reserved_fee numeric(78,0) not null default 0 check (reserved_fee >= 0),
         tx_id text,
         fee numeric(78,0),
         settled_block bigint,
         cancel_reason text,
         cancelled_by text,
         next_run_at timestamptz(3),
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now(),
         queued_at timestamptz,
         signed_at timestamptz,
         broadcast_at timestamptz,
         finished_at timestamptz,
         -- A reservation belongs to a hot wallet; a transaction id only exists once signed.
         check (reserved_at is null or hot_wallet_id is not null),
         check (status not in ('signed', 'broadcast', 'confirmed') or tx_id is not null)
       )`,
      `create index payouts_list_idx on $S.payouts (created_at desc, id desc)`,
      `create index payouts_status_idx on $S.payouts (status, created_at desc, id desc)`,
      `create index payouts_recipient_day_idx on $S.payouts (recipient_id, currency, created_at) where recipient_id is not null`,
      `create index payouts_destination_day_idx on $S.payouts (destination, currency, created_at)`,
      `create index payouts_reserved_idx on $S.payouts (hot_wallet_id, reserved_at) where reserved_at is not null`,
      `create index payouts_due_idx on $S.payouts (next_run_at) where next_run_at is not null`,
      `create index payouts_batch_idx on $S.payouts (batch_id, batch_index) where batch_id is not null`,
      `create table $S.payout_approvals (
         payout_id uuid not null references $S.payouts (id),
         approver text not null,
         approved_at timestamptz(3) not null default now(),
         primary key (payout_id, approver)
       )`,
      `create table $S.payout_transactions (
         tx_id text primary key check (tx_id ~ '^[0-9a-f]{64}$'),
         payout_id uuid not null references $S.payouts (id),
         attempt integer not null check (attempt >= 1),
         status text not null check (status in ('built', 'signed', 'sent', 'refused', 'confirmed', 'failed', 'expired', 'abandoned')),
         raw_data_hex text not null,
         signatures text[],
         expiration timestamptz not null,
         fee_limit numeric(78,0),
         ref_block bigint not null,
         result_code text,
         reason text,
         block_number bigint,
         fee numeric(78,0),
         created_at timestamptz(3) not null default now(),
         signed_at timestamptz,
         sent_at timestamptz,
         finished_at timestamptz,
         unique (payout_id, attempt),
         check (status in ('built', 'abandoned') or signatures is not null)
       )`,
      // The heart of exactly once: a payout has at most one transaction that may still land.
      `create unique index payout_transactions_live_idx on $S.payout_transactions (payout_id) where status in ('built', 'signed', 'sent', 'refused')`,
      `create table $S.outbox (
         id bigserial primary key,
         pattern text not null,
         payload jsonb not null,
         created_at timestamptz not null default now(),
         published_at timestamptz
       )`,
      `create index outbox_pending_idx on $S.outbox (id) where published_at is null`,
    ),
    down: statements(
      schema,
      'drop table $S.outbox',
      'drop table $S.payout_transactions',
      'drop table $S.payout_approvals',
      'drop table $S.payouts',
      'drop table $S.recipients',
    ),
  };
}

// After a restore from a backup, payouts that were open in the backup may have been paid by a
// transaction the backup never saw. scripts/backup.mjs records the restore in `restores` (creating
// the table itself, with this same statement, when the backup predates this migration); the
// payout service then searches the chain since the backup for transfers from its hot wallets
// (`restore_transactions`) and settles the payouts they paid before any of them gets a new one.
const RESTORES_TABLE_SQL = `create table if not exists $S.restores (
  id bigserial primary key,
  backup_at timestamptz not null,
  restored_at timestamptz not null default now(),
  payouts_before timestamptz,
  search_until timestamptz,
  from_block bigint,
  searched_to bigint,
  searched_to_time timestamptz,
  finished_at timestamptz,
  summary text
)`;

function restoreReconciliationMigration(schema: string): Migration {
  return {
    up: statements(
      schema,
      RESTORES_TABLE_SQL,
      `create table $S.restore_transactions (
         tx_id text primary key check (tx_id ~ '^[0-9a-f]{64}$'),
         restore_id bigint not null references $S.restores (id),
         block_number bigint not null,
         block_time timestamptz not null,
         sender text not null,
         currency text not null check (currency in ('TRX', 'USDT')),
         destination text not null,
         amount numeric(78,0) not null check (amount > 0),
         contract_ret text,
         raw_data_hex text not null,
         signatures text[] not null,
         payout_id uuid unique references $S.payouts (id),
         found_at timestamptz not null default now()
       )`,
      `create index restore_transactions_open_idx on $S.restore_transactions (restore_id, block_number) where payout_id is null`,
    ),
    down: statements(schema, 'drop table $S.restore_transactions', 'drop table $S.restores'),
  };
}

// A USDT payout's energy lease from the staking service's energy manager, one per attempt (the
// key is `payout:<id>:<attempt>`), recorded before it is asked for, so that every lease asked
// for is given back once its attempt has ended, whatever crashed in between.
function energyLeasesMigration(schema: string): Migration {
  return {
    up: statements(
      schema,
      `create table $S.energy_leases (
         key text primary key,
         payout_id uuid not null references $S.payouts (id),
         attempt int not null check (attempt > 0),
         status text not null default 'asked',
         reason text,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         ready_at timestamptz,
         released_at timestamptz,
         unique (payout_id, attempt)
       )`,
      `create index energy_leases_open_idx on $S.energy_leases (payout_id) where released_at is null`,
    ),
    down: statements(schema, 'drop table $S.energy_leases'),
  };
}

/** The payout service's own migrations, after the common inbox (keys are never renamed once released). */
export function payoutMigrations(schema: string): MigrationSet {
  return { '0001_payouts': payoutsMigration(schema), '0002_restore_reconciliation': restoreReconciliationMigration(schema), '0003_energy_leases': energyLeasesMigration(schema) };
}
