import { Kysely, Migration, sql } from 'kysely';
import type { MigrationSet } from '../migration';

function run(schema: string, ...texts: string[]): Migration['up'] {
  const quoted = `"${schema.replace(/"/g, '""')}"`;
  return async (db: Kysely<unknown>) => {
    for (const text of texts) await sql.raw(text.replace(/\$S/g, quoted)).execute(db);
  };
}

function tokensAndTransfers(schema: string): Migration {
  return {
    up: run(
      schema,
      `create table $S.tokens (
         contract text primary key,
         name text not null,
         symbol text not null,
         decimals integer not null check (decimals between 0 and 77),
         canonical boolean not null default false,
         added_by text not null,
         added_at timestamptz not null default now(),
         pushed_at timestamptz
       )`,
      `create unique index tokens_one_canonical_uq on $S.tokens ((true)) where canonical`,
      `create table $S.transfers (
         id uuid primary key default gen_random_uuid(),
         key text not null unique,
         token text not null,
         from_address text not null,
         signer jsonb not null,
         to_address text not null,
         amount numeric(78,0) not null check (amount > 0),
         purpose text not null check (purpose in ('sweep', 'payout')),
         reference text not null,
         assume_new_holder boolean not null default false,
         requested_fee_limit numeric(78,0),
         fee_limit numeric(78,0),
         status text not null check (status in ('building', 'signed', 'broadcast', 'confirmed', 'failed', 'expired', 'refused')),
         tx_id text unique,
         transaction jsonb,
         expiration timestamptz,
         energy_estimate bigint,
         bandwidth_estimate bigint,
         fee numeric(78,0),
         result_code text,
         block_number bigint,
         failure_reason text,
         requested_by text not null,
         next_check_at timestamptz not null default now(),
         created_at timestamptz(3) not null default now(),
         updated_at timestamptz not null default now(),
         finished_at timestamptz,
         check (status in ('building', 'refused') or (tx_id is not null and transaction is not null))
       )`,
      `create index transfers_open_idx on $S.transfers (next_check_at) where status in ('signed', 'broadcast')`,
      `create table $S.unknown_tokens (
         contract text primary key,
         name text,
         symbol text,
         decimals integer,
         first_seen_at timestamptz not null default now()
       )`,
      `create table $S.unknown_token_transfers (
         id bigserial primary key,
         tx_id text not null,
         log_index integer not null,
         contract text not null,
         to_address text not null,
         from_address text not null,
         amount numeric(78,0) not null,
         block_number bigint not null,
         block_time timestamptz not null,
         seen_at timestamptz not null default now(),
         unique (tx_id, log_index)
       )`,
      `create index unknown_token_transfers_to_idx on $S.unknown_token_transfers (to_address, id desc)`,
    ),
    down: run(schema, 'drop table $S.unknown_token_transfers', 'drop table $S.unknown_tokens', 'drop table $S.transfers', 'drop table $S.tokens'),
  };
}

/** The usdt service's own migrations, after the common inbox (keys are never renamed once released). */
export function usdtMigrations(schema: string): MigrationSet {
  return {
    '0002_usdt': tokensAndTransfers(schema),
  };
}
