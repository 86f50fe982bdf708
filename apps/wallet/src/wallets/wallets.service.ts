import { Inject, Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import type { AuditView, CreateWalletRequest, Page, UpdateWalletRequest, WalletSchema, WalletView } from '@tronpay/models';
import { hexToBase58, normalizeAddress } from '@tronpay/tron';
import { AuditRepository } from '../audit/audit.repository';
import { AddressWatcher } from '../deposit-addresses/address-watcher';
import { withSecret } from '../keys/envelope';
import { accountXpub, deriveAddress, seedOf } from '../keys/hd-derivation';
import { KeyStore } from '../keys/key-store';
import { VaultRepository } from '../vaults/vault.repository';
import { WalletError } from '../wallet.errors';

/** Hot wallets take their keys from this HD account of the default vault; deposit addresses use account 0. */
const HOT_WALLET_ACCOUNT = 1;

type WalletRow = {
  id: string;
  label: string;
  kind: WalletView['kind'];
  address: string;
  category: string | null;
  owner: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
};

const view = (w: WalletRow): WalletView => ({
  id: w.id,
  label: w.label,
  kind: w.kind,
  address: w.address,
  category: w.category,
  owner: w.owner,
  createdAt: w.created_at.toISOString(),
  updatedAt: w.updated_at.toISOString(),
  archivedAt: w.archived_at?.toISOString() ?? null,
});

const COLUMNS = ['id', 'label', 'kind', 'address', 'category', 'owner', 'created_at', 'updated_at', 'archived_at'] as const;

@Injectable()
export class WalletsService {
  constructor(
    private readonly vaults: VaultRepository,
    @Inject(KeyStore) private readonly keys: KeyStore,
    private readonly audit: AuditRepository,
    private readonly watcher: AddressWatcher,
  ) {}

  private get db(): Kysely<WalletSchema> {
    return this.vaults.db;
  }

  /** A hot wallet gets a fresh HD key here; every other kind is an address whose key lives elsewhere. */
  async create(request: CreateWalletRequest): Promise<WalletView> {
    if (request.idempotencyKey) {
      const earlier = await this.byIdempotencyKey(request.idempotencyKey);
      if (earlier) return earlier;
    }
    let address: string;
    let hd: { vaultId: string; index: number } | null = null;
    if (request.kind === 'hot') {
      if (request.address) throw new WalletError('policy_refused', 'A hot wallet\'s address is derived here: do not give one');
      hd = await this.nextHotKey();
      address = deriveAddress(await this.hotXpub(hd.vaultId), hd.index).address;
    } else {
      const hex = normalizeAddress(request.address);
      if (!hex) throw new WalletError('wallet_not_found', `A ${request.kind} wallet needs its address`);
      address = hexToBase58(hex);
    }
    const signers = request.kind === 'multisig' ? this.multisigSigners(request) : [];
    const row = await this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('wallets')
        .values({
          label: request.label,
          kind: request.kind,
          address,
          vault_id: hd?.vaultId ?? null,
          account: hd ? HOT_WALLET_ACCOUNT : null,
          address_index: hd?.index ?? null,
          category: request.category ?? null,
          owner: request.owner ?? null,
          threshold: request.kind === 'multisig' ? (request.threshold ?? null) : null,
          permission_id: request.kind === 'multisig' ? (request.permissionId ?? 2) : null,
          idempotency_key: request.idempotencyKey ?? null,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
        .catch((e: { code?: string; constraint?: string }) => {
          if (e.code === '23505' && e.constraint === 'wallets_idempotency_key_uq') return null;
          if (e.code === '23505') throw new WalletError('policy_refused', 'An active wallet already has this address');
          throw e;
        });
      if (!inserted) return null;
      if (signers.length) {
        await tx.insertInto('wallet_signers').values(signers.map((m) => ({ wallet_id: inserted.id, ...m }))).execute();
      }
      await this.audit.append({ actor: request.requestedBy, action: 'wallet.create', outcome: 'ok', walletId: inserted.id, address, reason: request.kind }, tx);
      return inserted;
    });
    // A concurrent create with the same key won the race: its wallet is the answer.
    if (!row) return (await this.byIdempotencyKey(request.idempotencyKey!))!;
    await this.watcher.watch([address], 'wallet', request.label);
    return signers.length ? { ...view(row), threshold: request.threshold, signers } : view(row);
  }

  /** A multisig wallet's permission as it stands on chain: every key with its weight, able to reach the threshold. */
  private multisigSigners(request: CreateWalletRequest): Array<{ address: string; weight: number }> {
    const threshold = request.threshold;
    const signers = (request.signers ?? []).map((m) => {
      const hex = normalizeAddress(m.address);
      if (!hex) throw new WalletError('policy_refused', `Signer ${m.address} is not a valid TRON address`);
      return { address: hexToBase58(hex), weight: m.weight ?? 1 };
    });
    if (!threshold || signers.length === 0) throw new WalletError('policy_refused', 'A multisig wallet needs a threshold and its signers');
    if (new Set(signers.map((m) => m.address)).size !== signers.length) throw new WalletError('policy_refused', 'A signer is listed twice');
    if (signers.reduce((sum, m) => sum + m.weight, 0) < threshold) {
      throw new WalletError('policy_refused', 'The signers\' weights cannot reach the threshold');
    }
    return signers;
  }

  async update(request: UpdateWalletRequest): Promise<WalletView> {
    const row = await this.db
      .updateTable('wallets')
      .set({
        ...(request.label !== undefined ? { label: request.label } : {}),
        ...(request.category !== undefined ? { category: request.category } : {}),
        ...(request.owner !== undefined ? { owner: request.owner } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', request.id)
      .where('archived_at', 'is', null)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw new WalletError('wallet_not_found', 'No such active wallet');
    await this.audit.append({ actor: request.requestedBy, action: 'wallet.update', outcome: 'ok', walletId: row.id });
    return view(row);
  }

  /** Archived, never deleted: a key once held stays on record. */
  async archive(id: string, actor: string): Promise<WalletView> {
    const row = await this.db
      .updateTable('wallets')
      .set({ archived_at: new Date(), updated_at: new Date() })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw new WalletError('wallet_not_found', 'No such active wallet');
    await this.audit.append({ actor, action: 'wallet.archive', outcome: 'ok', walletId: row.id });
    return view(row);
  }

  /** The wallet an earlier create with this key made, as that create answered (signers included). */
  private async byIdempotencyKey(key: string): Promise<WalletView | null> {
    const row = await this.db.selectFrom('wallets').select([...COLUMNS, 'threshold']).where('idempotency_key', '=', key).executeTakeFirst();
    if (!row) return null;
    if (row.kind !== 'multisig') return view(row);
    const signers = await this.db.selectFrom('wallet_signers').select(['address', 'weight']).where('wallet_id', '=', row.id).orderBy('address').execute();
    return { ...view(row), threshold: row.threshold ?? undefined, signers };
  }

  async get(id: string): Promise<WalletView> {
    const row = await this.db.selectFrom('wallets').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw new WalletError('wallet_not_found', 'No such wallet');
    return view(row);
  }

  async list(limit = 20, cursor?: string): Promise<Page<WalletView>> {
    let q = this.db.selectFrom('wallets').select(COLUMNS).orderBy('id').limit(limit + 1);
    if (cursor) q = q.where('id', '>', cursor);
    const rows = await q.execute();
    const page = rows.slice(0, limit);
    return { data: page.map(view), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  async auditTrail(walletId: string, limit = 20, cursor?: string): Promise<Page<AuditView>> {
    let q = this.db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor', 'action', 'outcome', 'purpose', 'reference', 'tx_id', 'reason'])
      .where('wallet_id', '=', walletId)
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (cursor && /^\d{1,19}$/.test(cursor)) q = q.where('id', '<', cursor);
    const rows = await q.execute();
    const page = rows.slice(0, limit);
    return {
      data: page.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        outcome: r.outcome,
        purpose: r.purpose,
        reference: r.reference,
        txId: r.tx_id,
        reason: r.reason,
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }

  private async nextHotKey(): Promise<{ vaultId: string; index: number }> {
    const vault = await this.vaults.defaultHdVault();
    if (!vault) throw new WalletError('vault_not_found', 'No HD vault yet: the wallet service is locked or still starting');
    await this.hotXpub(vault.id);
    const account = await this.db
      .updateTable('hd_accounts')
      .set((eb) => ({ next_index: eb('next_index', '+', 1) }))
      .where('vault_id', '=', vault.id)
      .where('account', '=', HOT_WALLET_ACCOUNT)
      .returning('next_index')
      .executeTakeFirstOrThrow();
    return { vaultId: vault.id, index: account.next_index - 1 };
  }

  /** The hot-wallet account's xpub, derived from the mnemonic the first time (which needs the KEK). */
  private async hotXpub(vaultId: string): Promise<string> {
    const known = await this.db
      .selectFrom('hd_accounts')
      .select('xpub')
      .where('vault_id', '=', vaultId)
      .where('account', '=', HOT_WALLET_ACCOUNT)
      .executeTakeFirst();
    if (known) return known.xpub;
    const vault = await this.vaults.findVault(vaultId);
    if (!vault) throw new WalletError('vault_not_found', 'The default vault is missing');
    const sealed = { kekId: vault.kek_id, wrappedDek: vault.wrapped_dek, ciphertext: vault.ciphertext };
    const xpub = await withSecret(this.keys.open(vaultId, 'mnemonic', sealed), (mnemonic) =>
      withSecret(seedOf(mnemonic.toString('utf8')), (seed) => accountXpub(seed, HOT_WALLET_ACCOUNT)),
    );
    await this.db
      .insertInto('hd_accounts')
      .values({ vault_id: vaultId, account: HOT_WALLET_ACCOUNT, xpub })
      .onConflict((oc) => oc.columns(['vault_id', 'account']).doNothing())
      .execute();
    return xpub;
  }
}
