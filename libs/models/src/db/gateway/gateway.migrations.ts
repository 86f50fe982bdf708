import { Kysely, Migration, sql } from 'kysely';
import type { MigrationSet } from '../migration';

// created_at columns keep milliseconds, as a JS Date does, so a list cursor (a Date and an id)
// lands exactly on a row.

/** Runs each statement with `$S` replaced by the quoted schema name. */
function statements(schema: string, ...texts: string[]): Migration['up'] {
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  return async (db: Kysely<unknown>) => {
    for (const text of texts) await sql.raw(text.replace(/\$S/g, quoted)).execute(db);
  };
}

function apiMigration(schema: string): Migration {
  return {
    up: statements(
      schema,
      `create table $S.api_keys (
         id uuid primary key default gen_random_uuid(),
         name text not null,
         key_prefix text not null,
         key_hash text not null unique,
         scopes text[] not null,
         created_by text not null,
         created_at timestamptz(3) not null default now(),
         revoked_at timestamptz
       )`,
      `create table $S.idempotency_keys (
         owner text not null,
         key text not null,
         fingerprint text not null,
         response_status integer not null,
         response_body jsonb not null,
         created_at timestamptz(3) not null default now(),
         primary key (owner, key)
       )`,
      `create index idempotency_keys_created_at_idx on $S.idempotency_keys (created_at)`,
    ),
    down: statements(schema, 'drop table $S.idempotency_keys', 'drop table $S.api_keys'),
  };
}

function invoicesMigration(schema: string): Migration {
  return {
    up: statements(
      schema,
      `create table $S.invoices (
         id uuid primary key,
         order_id text,
         currency text not null check (currency in ('TRX', 'USDT')),
         token text not null,
         amount numeric(78,0) not null check (amount > 0),
         amount_received numeric(78,0) not null default 0 check (amount_received >= 0),
         address text not null unique,
         address_index integer not null,
         status text not null check (status in ('pending', 'partially_paid', 'paid', 'confirmed', 'expired')),
         expires_at timestamptz not null,
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now(),
         paid_at timestamptz,
         confirmed_at timestamptz,
         expired_at timestamptz,
         metadata jsonb,
         created_by text not null
       )`,
      `create index invoices_open_idx on $S.invoices (expires_at) where status in ('pending', 'partially_paid')`,
      `create index invoices_list_idx on $S.invoices (created_at desc, id desc)`,
      `create index invoices_status_idx on $S.invoices (status, created_at desc, id desc)`,
      `create index invoices_order_idx on $S.invoices (order_id, created_at desc, id desc) where order_id is not null`,
      `create table $S.invoice_payments (
         id bigserial primary key,
         invoice_id uuid not null references $S.invoices (id),
         tx_id text not null,
         log_index integer not null,
         token text not null,
         from_address text not null,
         amount numeric(78,0) not null check (amount > 0),
         block_number bigint not null,
         block_hash text not null,
         block_time timestamptz not null,
         status text not null check (status in ('detected', 'confirmed', 'reverted')),
         counted boolean not null,
         late boolean not null,
         detected_at timestamptz not null default now(),
         confirmed_at timestamptz,
         reverted_at timestamptz,
         unique (tx_id, log_index)
       )`,
      `create index invoice_payments_invoice_idx on $S.invoice_payments (invoice_id, id)`,
    ),
    down: statements(schema, 'drop table $S.invoice_payments', 'drop table $S.invoices'),
  };
}

function webhooksMigration(schema: string): Migration {
  return {
    up: statements(
      schema,
      `create table $S.events (
         id uuid primary key,
         type text not null,
         data jsonb not null,
         created_at timestamptz(3) not null default now()
       )`,
      `create index events_created_at_idx on $S.events (created_at desc, id desc)`,
      `create table $S.webhook_endpoints (
         id uuid primary key default gen_random_uuid(),
         url text not null,
         events text[] not null,
         secret_version integer not null default 1,
         created_by text not null,
         created_at timestamptz(3) not null default now(),
         disabled_at timestamptz
       )`,
      `create table $S.webhook_deliveries (
         id uuid primary key default gen_random_uuid(),
         event_id uuid not null references $S.events (id),
         endpoint_id uuid not null references $S.webhook_endpoints (id),
         status text not null check (status in ('pending', 'delivered', 'failed')),
         attempts integer not null default 0,
         round integer not null default 0,
         next_attempt_at timestamptz not null default now(),
         enqueued_at timestamptz,
         last_status_code integer,
         last_error text,
         delivered_at timestamptz,
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now(),
         unique (event_id, endpoint_id)
       )`,
      `create index webhook_deliveries_due_idx on $S.webhook_deliveries (next_attempt_at) where status = 'pending'`,
      `create table $S.webhook_attempts (
         id bigserial primary key,
         delivery_id uuid not null references $S.webhook_deliveries (id),
         attempt integer not null,
         started_at timestamptz not null,
         status_code integer,
         latency_ms integer not null,
         error text
       )`,
      `create index webhook_attempts_delivery_idx on $S.webhook_attempts (delivery_id, id)`,
    ),
    down: statements(
      schema,
      'drop table $S.webhook_attempts',
      'drop table $S.webhook_deliveries',
      'drop table $S.webhook_endpoints',
      'drop table $S.events',
    ),
  };
}

/**
 * When a delivery's current round began (null: with its event) and how many attempts it has
 * made. A redelivery starts a new round, whose retries get their own window (the event's may
 * have closed long ago) and start again from the shortest backoff.
 */
function webhooksMoreMigration(schema: string): Migration {
  return {
    up: statements(
      schema,
      'alter table $S.webhook_deliveries add column round_started_at timestamptz(3)',
      'alter table $S.webhook_deliveries add column round_attempts integer not null default 0',
    ),
    down: statements(
      schema,
      'alter table $S.webhook_deliveries drop column round_attempts',
      'alter table $S.webhook_deliveries drop column round_started_at',
    ),
  };
}

/**
 * Sweeps of confirmed deposits to the treasury: the deposits seen (one row per log, swept once),
 * each sweep's state machine (at most one open sweep per address) and its legs (one transfer each).
 */
function sweepsMigration(schema: string): Migration {
  const open = "('planned', 'preparing', 'waiting', 'sending', 'releasing')";
  return {
    up: statements(
      schema,
      `create table $S.sweeps (
         id uuid primary key,
         address text not null,
         token text not null,
         status text not null check (status in ('planned', 'preparing', 'waiting', 'sending', 'releasing', 'completed', 'failed', 'skipped')),
         deposits_total numeric(78,0) not null check (deposits_total >= 0),
         amount numeric(78,0) check (amount >= 0),
         round integer not null default 0,
         lease_key text,
         reason text,
         fee numeric(78,0) not null default 0,
         attempts integer not null default 0,
         next_attempt_at timestamptz not null default now(),
         enqueued_at timestamptz,
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now(),
         completed_at timestamptz
       )`,
      `create unique index sweeps_open_address_uq on $S.sweeps (address) where status in ${open}`,
      `create index sweeps_due_idx on $S.sweeps (next_attempt_at) where status in ${open}`,
      `create index sweeps_list_idx on $S.sweeps (created_at desc, id desc)`,
      `create table $S.sweep_deposits (
         id bigserial primary key,
         tx_id text not null,
         log_index integer not null,
         address text not null,
         token text not null,
         from_address text not null,
         amount numeric(78,0) not null check (amount > 0),
         block_number bigint not null,
         recorded_at timestamptz not null default now(),
         sweep_id uuid references $S.sweeps (id),
         unique (tx_id, log_index)
       )`,
      `create index sweep_deposits_unswept_idx on $S.sweep_deposits (address, token) where sweep_id is null`,
      `create index sweep_deposits_sweep_idx on $S.sweep_deposits (sweep_id) where sweep_id is not null`,
      // The sweeps' backfill reads recently confirmed payments.
      `create index invoice_payments_confirmed_idx on $S.invoice_payments (confirmed_at) where status = 'confirmed'`,
      `create table $S.sweep_legs (
         sweep_id uuid not null references $S.sweeps (id),
         idx integer not null check (idx >= 0),
         destination text not null check (destination in ('hot', 'cold')),
         to_address text not null,
         amount numeric(78,0) not null check (amount > 0),
         attempt integer not null default 0,
         status text not null check (status in ('pending', 'sending', 'confirmed', 'failed')),
         tx_id text,
         fee numeric(78,0),
         failure_reason text,
         updated_at timestamptz not null default now(),
         primary key (sweep_id, idx)
       )`,
    ),
    down: statements(schema, 'drop index $S.invoice_payments_confirmed_idx', 'drop table $S.sweep_legs', 'drop table $S.sweep_deposits', 'drop table $S.sweeps'),
  };
}

/** The gateway's own migrations, after the common inbox. */
export function gatewayMigrations(schema: string): MigrationSet {
  return {
    '0002_api': apiMigration(schema),
    '0003_invoices': invoicesMigration(schema),
    '0004_webhooks': webhooksMigration(schema),
    '0005_webhooks_more': webhooksMoreMigration(schema),
    '0006_sweeps': sweepsMigration(schema),
  };
}
