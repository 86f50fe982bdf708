import { Injectable, Logger } from '@nestjs/common';
import type { NextDepositAddressReply } from '@tronpay/models';
import { AuditRepository } from '../audit/audit.repository';
import { deriveAddress } from '../keys/hd-derivation';
import { VaultRepository } from '../vaults/vault.repository';
import { WalletError } from '../wallet.errors';
import { AddressWatcher } from './address-watcher';

@Injectable()
export class DepositAddressService {
  private readonly logger = new Logger(DepositAddressService.name);

  constructor(
    private readonly vaults: VaultRepository,
    private readonly audit: AuditRepository,
    private readonly watcher: AddressWatcher,
  ) {}

  /**
   * The next HD index, taken by one atomic increment so concurrent calls never share one (the
   * row is locked for that statement only, not while the address is derived and recorded: a
   * crash in between leaves an unused index, never a shared one); derived from the account
   * xpub (no key material), recorded, and watched by tron-client before it is returned. An
   * address whose watch failed is never handed out.
   */
  async next(reference: string | undefined, actor: string): Promise<NextDepositAddressReply> {
    const vault = await this.vaults.defaultHdVault();
    if (!vault) throw new WalletError('vault_not_found', 'No HD vault yet: the wallet service is locked or still starting');
    const account = await this.vaults.db
      .updateTable('hd_accounts')
      .set((eb) => ({ next_index: eb('next_index', '+', 1) }))
      .where('vault_id', '=', vault.id)
      .where('account', '=', 0)
      .returning(['xpub', 'next_index'])
      .executeTakeFirstOrThrow();
    const derived = deriveAddress(account.xpub, account.next_index - 1);
    const issued = await this.vaults.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('deposit_addresses')
        .values({ address: derived.address, vault_id: vault.id, account: 0, address_index: derived.index, reference: reference ?? null })
        .execute();
      await this.audit.append({ actor, action: 'deposit_address.issue', outcome: 'ok', address: derived.address, reference }, tx);
      return derived;
    });
    await this.watcher.watch([issued.address], 'deposit', reference);
    this.logger.debug(`issued deposit address ${issued.address} (index ${issued.index}, reference ${reference ?? '-'})`);
    return { address: issued.address, index: issued.index };
  }
}
