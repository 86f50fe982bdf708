import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import type { VaultTable, WalletSchema } from '@tronpay/models';
import { Database } from '@tronpay/runtime';

export type VaultRow = Pick<VaultTable, 'kind' | 'label' | 'kek_id' | 'wrapped_dek' | 'ciphertext'> & { id: string };

@Injectable()
export class VaultRepository {
  constructor(private readonly database: Database<WalletSchema>) {}

  get db(): Kysely<WalletSchema> {
    return this.database.db;
  }

  async insertVault(vault: VaultRow, db: Kysely<WalletSchema> = this.db): Promise<void> {
    await db.insertInto('vaults').values(vault).execute();
  }

  async insertHdAccount(vaultId: string, account: number, xpub: string, db: Kysely<WalletSchema> = this.db): Promise<void> {
    await db.insertInto('hd_accounts').values({ vault_id: vaultId, account, xpub }).execute();
  }

  /** The hot wallet that signs with an imported key; its address is unique among active wallets. */
  async insertKeyWallet(vaultId: string, label: string, address: string, db: Kysely<WalletSchema> = this.db): Promise<string> {
    const row = await db.insertInto('wallets').values({ label, kind: 'hot', address, vault_id: vaultId }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async findVault(id: string): Promise<VaultRow | undefined> {
    return this.db.selectFrom('vaults').select(['id', 'kind', 'label', 'kek_id', 'wrapped_dek', 'ciphertext']).where('id', '=', id).executeTakeFirst();
  }

  /** The oldest HD vault: the one deposit addresses come from. */
  async defaultHdVault(): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('vaults').select('id').where('kind', '=', 'hd').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  }

  async countVaults(): Promise<number> {
    const row = await this.db.selectFrom('vaults').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
