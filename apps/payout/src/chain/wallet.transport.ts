import { Inject, Injectable } from '@nestjs/common';
import { Page, SignReply, WALLET_SIGN, WALLET_WALLETS_GET, WALLET_WALLETS_LIST, WalletView } from '@tronpay/models';
import { TRANSPORT_CLIENT } from '@tronpay/runtime';
import type { RedisStreamsClient } from '@tronpay/transport';
import { PAYOUT_SETTINGS, PayoutSettings } from '../payout.settings';
import { ask, DependencyError } from './dependency.errors';
import { HotWallet, Signature, WalletPort } from './wallet.port';

/** Wallets change rarely; a short cache keeps a burst of payouts from listing them once each. */
const CACHE_MS = 5_000;

/** The wallet service over the transport. */
@Injectable()
export class TransportWallet extends WalletPort {
  private wallets?: { at: number; list: Promise<WalletView[]> };
  private configured?: { at: number; wallet: Promise<HotWallet | null> };

  constructor(
    @Inject(TRANSPORT_CLIENT) private readonly client: RedisStreamsClient,
    @Inject(PAYOUT_SETTINGS) private readonly settings: PayoutSettings,
  ) {
    super();
  }

  private all(): Promise<WalletView[]> {
    if (this.wallets && Date.now() - this.wallets.at < CACHE_MS) return this.wallets.list;
    const list = this.fetchAll();
    this.wallets = { at: Date.now(), list };
    list.catch(() => (this.wallets = undefined));
    return list;
  }

  private async fetchAll(): Promise<WalletView[]> {
    const out: WalletView[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await ask('wallet', () => this.client.request<Page<WalletView>>(WALLET_WALLETS_LIST, { limit: 100, ...(cursor ? { cursor } : {}) }));
      out.push(...page.data);
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
  }

  async hotWallet(): Promise<HotWallet | null> {
    const id = this.settings.treasury.hotWalletId;
    if (id) {
      if (this.configured && Date.now() - this.configured.at < CACHE_MS) return this.configured.wallet;
      const wallet = this.fetchConfigured(id);
      this.configured = { at: Date.now(), wallet };
      wallet.catch(() => (this.configured = undefined));
      return wallet;
    }
    const hot = (await this.all()).filter((w) => w.kind === 'hot' && !w.archivedAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return hot.length ? { id: hot[0].id, address: hot[0].address } : null;
  }

  private async fetchConfigured(id: string): Promise<HotWallet | null> {
    try {
      const w = await ask('wallet', () => this.client.request<WalletView>(WALLET_WALLETS_GET, { id }));
      return w.kind === 'hot' && !w.archivedAt ? { id: w.id, address: w.address } : null;
    } catch (e) {
      if (e instanceof DependencyError && e.code === 'wallet_not_found') return null;
      throw e;
    }
  }

  async hotWallets(): Promise<HotWallet[]> {
    return (await this.all()).filter((w) => w.kind === 'hot').map((w) => ({ id: w.id, address: w.address }));
  }

  async walletAddresses(): Promise<Set<string>> {
    return new Set((await this.all()).map((w) => w.address));
  }

  async sign(walletId: string, tx: { txId: string; rawDataHex: string }, payoutId: string): Promise<Signature> {
    const reply = await ask('wallet', () =>
      this.client.request<SignReply>(WALLET_SIGN, {
        signer: { walletId },
        transaction: { txID: tx.txId, raw_data_hex: tx.rawDataHex },
        purpose: 'payout',
        reference: payoutId,
        requestedBy: 'payout',
      }),
    );
    return { txId: reply.txId, signatures: reply.signatures.length ? reply.signatures : [reply.signature] };
  }
}
