import { Kysely, sql } from 'kysely';
import type { MigrationSet } from '../migration';

/**
 * The wallet schema. Secrets live only sealed (bytea) in `vaults`; `hd_accounts.xpub` is
 * public-key material, kept in clear so deposit addresses can be handed out while locked.
 * `audit_log` refuses UPDATE and DELETE.
 */
export function walletMigrations(schema: string): MigrationSet {
  return {
    '0002_wallet_keys': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table ${sql.id(schema, 'vaults')} (
            id uuid primary key default gen_random_uuid(),
            kind text not null check (kind in ('hd', 'private_key')),
            label text not null,
            kek_id text not null,
            wrapped_dek bytea not null,
            ciphertext bytea not null,
            created_at timestamptz not null default now(),
            rewrapped_at timestamptz
          )`.execute(db);
        await sql`
          create table ${sql.id(schema, 'hd_accounts')} (
            vault_id uuid not null references ${sql.id(schema, 'vaults')} (id),
            account integer not null check (account >= 0 and account < 2147483648),
            xpub text not null,
            next_index integer not null default 0 check (next_index >= 0 and next_index <= 2147483647),
            primary key (vault_id, account)
          )`.execute(db);
        await sql`
          create table ${sql.id(schema, 'wallets')} (
            id uuid primary key default gen_random_uuid(),
            label text not null,
            kind text not null check (kind in ('hot', 'cold', 'watch', 'multisig', 'hardware')),
            address text not null,
            vault_id uuid references ${sql.id(schema, 'vaults')} (id),
            account integer,
            address_index integer,
            category text,
            owner text,
            created_at timestamptz not null default now(),
            updated_at timestamptz not null default now(),
            archived_at timestamptz,
            check ((kind = 'hot') = (vault_id is not null))
          )`.execute(db);
        await sql`create unique index wallets_active_address_uq on ${sql.id(schema, 'wallets')} (address) where archived_at is null`.execute(db);
        await sql`
          create table ${sql.id(schema, 'deposit_addresses')} (
            address text primary key,
            vault_id uuid not null references ${sql.id(schema, 'vaults')} (id),
            account integer not null,
            address_index integer not null,
            reference text,
            created_at timestamptz not null default now(),
            unique (vault_id, account, address_index)
          )`.execute(db);
        await sql`
          create table ${sql.id(schema, 'audit_log')} (
            id bigserial primary key,
            at timestamptz not null default now(),
            actor text not null,
            action text not null,
            outcome text not null,
            wallet_id uuid,
            address text,
            purpose text,
            reference text,
            tx_id text,
            reason text
          )`.execute(db);
        await sql`create index audit_log_wallet_idx on ${sql.id(schema, 'audit_log')} (wallet_id, id)`.execute(db);
        await sql`
          create function ${sql.id(schema, 'audit_log_append_only')}() returns trigger language plpgsql as $$
          begin
            raise exception 'audit_log is append-only';
          end $$`.execute(db);
        await sql`
          create trigger audit_log_append_only before update or delete on ${sql.id(schema, 'audit_log')}
          for each row execute function ${sql.id(schema, 'audit_log_append_only')}()`.execute(db);
        await sql`
          create trigger audit_log_no_truncate before truncate on ${sql.id(schema, 'audit_log')}
          for each statement execute function ${sql.id(schema, 'audit_log_append_only')}()`.execute(db);
      },
    },
    '0003_wallet_multisig': {
      async up(db: Kysely<unknown>) {
        await sql`alter table ${sql.id(schema, 'wallets')} add column threshold integer check (threshold between 1 and 100)`.execute(db);
        await sql`alter table ${sql.id(schema, 'wallets')} add column permission_id integer check (permission_id between 0 and 100)`.execute(db);
        await sql`
          create table ${sql.id(schema, 'wallet_signers')} (
            wallet_id uuid not null references ${sql.id(schema, 'wallets')} (id),
            address text not null,
            weight integer not null default 1 check (weight between 1 and 100),
            primary key (wallet_id, address)
          )`.execute(db);
      },
    },
    '0004_wallet_balances': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table ${sql.id(schema, 'wallet_balances')} (
            wallet_id uuid primary key references ${sql.id(schema, 'wallets')} (id),
            trx numeric(78, 0) not null,
            usdt numeric(78, 0),
            energy bigint not null,
            bandwidth bigint not null,
            refreshed_at timestamptz not null
          )`.execute(db);
      },
    },
    '0005_wallet_settings': {
      async up(db: Kysely<unknown>) {
        // Deployment-wide values that are not secrets: the passphrase KEK's salt and fingerprint.
        await sql`create table ${sql.id(schema, 'settings')} (key text primary key, value text not null)`.execute(db);
      },
    },
    '0006_wallet_keys_kept': {
      async up(db: Kysely<unknown>) {
        // A key is archived, never deleted: a vault or wallet row cannot be removed, even by hand.
        await sql`
          create function ${sql.id(schema, 'keys_are_kept')}() returns trigger language plpgsql as $$
          begin
            raise exception '% rows are archived, never deleted', tg_table_name;
          end $$`.execute(db);
        for (const table of ['vaults', 'wallets']) {
          await sql`
            create trigger ${sql.id(`${table}_kept`)} before delete on ${sql.id(schema, table)}
            for each row execute function ${sql.id(schema, 'keys_are_kept')}()`.execute(db);
          await sql`
            create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.id(schema, table)}
            for each statement execute function ${sql.id(schema, 'keys_are_kept')}()`.execute(db);
        }
      },
    },
    '0007_wallet_idempotency': {
      async up(db: Kysely<unknown>) {
        // One wallet per `<api key id>:<Idempotency-Key>`: a create retried after a lost reply is the same wallet.
        await sql`alter table ${sql.id(schema, 'wallets')} add column idempotency_key text`.execute(db);
        await sql`create unique index wallets_idempotency_key_uq on ${sql.id(schema, 'wallets')} (idempotency_key) where idempotency_key is not null`.execute(db);
      },
    },
  };
}
