import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '@tronpay/config';
import type { LockStateReply } from '@tronpay/models';
import { APP_CONFIG } from '@tronpay/runtime';
import { AuditRepository } from '../audit/audit.repository';
import { KeyStore } from '../keys/key-store';
import { VaultRepository } from '../vaults/vault.repository';
import { VaultService } from '../vaults/vault.service';
import { WalletError } from '../wallet.errors';

type Broadcast = { op: 'unlock'; passphrase: string } | { op: 'lock' };

/**
 * Passphrase mode: the KEK is derived from the operator's passphrase and held only in memory,
 * so every replica starts locked. `wallet.unlock.v1` reaches one replica over the transport; it
 * checks the passphrase against the stored KEK fingerprint, then passes it to its peers on a
 * Redis channel (nothing stored), so all replicas unlock. A replica started later stays locked
 * until the next unlock.
 */
@Injectable()
export class UnlockService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UnlockService.name);
  private subscriber?: Redis;
  private publisher?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KeyStore) private readonly keys: KeyStore,
    private readonly vaults: VaultRepository,
    private readonly vaultService: VaultService,
    private readonly audit: AuditRepository,
  ) {}

  private get channel(): string {
    return `${this.config.redis.prefix}wallet:unlock`;
  }

  async onApplicationBootstrap() {
    if (!this.keys.passphraseMode) return;
    this.publisher = new Redis(this.config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(this.config.redis.url, { lazyConnect: true });
    this.subscriber.on('message', (_channel: string, message: string) => void this.fromPeer(message));
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown() {
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  state(): LockStateReply {
    return { locked: this.keys.locked };
  }

  async unlock(passphrase: string, actor: string): Promise<LockStateReply> {
    try {
      await this.unlockHere(passphrase);
    } catch (e) {
      await this.audit.append({ actor, action: 'unlock', outcome: 'refused', reason: (e as WalletError).code ?? 'error' });
      throw e;
    }
    await this.publisher?.publish(this.channel, JSON.stringify({ op: 'unlock', passphrase } satisfies Broadcast));
    await this.audit.append({ actor, action: 'unlock', outcome: 'ok' });
    return this.state();
  }

  async lock(actor: string): Promise<LockStateReply> {
    if (!this.keys.passphraseMode) throw new WalletError('not_passphrase_mode', 'This wallet service uses a configured KEK, not a passphrase');
    this.keys.lock();
    await this.publisher?.publish(this.channel, JSON.stringify({ op: 'lock' } satisfies Broadcast));
    await this.audit.append({ actor, action: 'lock', outcome: 'ok' });
    return this.state();
  }

  private async unlockHere(passphrase: string): Promise<void> {
    const salt = Buffer.from(await this.setting('kek_salt', () => randomBytes(16).toString('hex')), 'hex');
    const expected = await this.vaults.db.selectFrom('settings').select('value').where('key', '=', 'kek_id').executeTakeFirst();
    const id = this.keys.unlock(passphrase, salt, expected?.value);
    if (!expected) {
      // The first unlock chooses the passphrase; a concurrent first unlock with another one loses.
      const stored = await this.setting('kek_id', () => id);
      if (stored !== id) {
        this.keys.lock();
        throw new WalletError('wrong_passphrase', 'That passphrase does not open this wallet service');
      }
    }
    await this.vaultService.ensureDefaultVault();
  }

  private async fromPeer(message: string): Promise<void> {
    try {
      const m = JSON.parse(message) as Broadcast;
      if (m.op === 'lock') this.keys.lock();
      else if (this.keys.locked) await this.unlockHere(m.passphrase);
    } catch (e) {
      this.logger.warn(`unlock broadcast ignored: ${(e as Error).message}`);
    }
  }

  /** Reads a setting, first writing `initial()` if there is none (the first writer wins). */
  private async setting(key: string, initial: () => string): Promise<string> {
    await this.vaults.db.insertInto('settings').values({ key, value: initial() }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await this.vaults.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }
}
