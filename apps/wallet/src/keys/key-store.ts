import { scryptSync } from 'node:crypto';
import type { KekSource } from '@tronpay/config';
import { WalletError } from '../wallet.errors';
import { kekId, openSecret, rewrapDek, SealedSecret, sealSecret, sameKekId } from './envelope';

export const KEK_SOURCE = Symbol('KEK_SOURCE');

/**
 * Holds the key-encryption key in memory, and nothing else. With a passphrase-derived KEK the
 * store starts locked and signs nothing until `unlock`.
 */
export class KeyStore {
  private kek: Buffer | null;
  /** During a rotation: the old KEK, so vaults not yet re-wrapped still open. Never used to seal. */
  private readonly previous: Buffer | null;

  constructor(private readonly source: KekSource) {
    this.kek = source.mode === 'key' ? Buffer.from(source.kek) : null;
    this.previous = source.mode === 'key' && source.previous ? Buffer.from(source.previous) : null;
  }

  get locked(): boolean {
    return this.kek === null;
  }

  get passphraseMode(): boolean {
    return this.source.mode === 'passphrase';
  }

  /**
   * Derives the KEK from the operator's passphrase (scrypt; the salt is per deployment). With
   * `expectedKekId`, a passphrase deriving another KEK is refused and the store stays as it was.
   * Returns the derived KEK's fingerprint.
   */
  unlock(passphrase: string, salt: Buffer, expectedKekId?: string): string {
    if (this.source.mode !== 'passphrase') throw new WalletError('not_passphrase_mode', 'This wallet service uses a configured KEK, not a passphrase');
    const n = this.source.scryptN;
    const candidate = scryptSync(passphrase.normalize('NFKC'), salt, 32, { N: n, r: 8, p: 1, maxmem: 256 * n * 8 });
    const id = kekId(candidate);
    if (expectedKekId !== undefined && !sameKekId(id, expectedKekId)) {
      candidate.fill(0);
      throw new WalletError('wrong_passphrase', 'That passphrase does not open this wallet service');
    }
    this.kek?.fill(0);
    this.kek = candidate;
    return id;
  }

  lock(): void {
    this.kek?.fill(0);
    this.kek = this.source.mode === 'key' ? Buffer.from(this.source.kek) : null;
  }

  currentKekId(): string {
    return kekId(this.require());
  }

  seal(vaultId: string, kind: string, secret: Buffer): SealedSecret {
    return sealSecret(this.require(), vaultId, kind, secret);
  }

  /** The plaintext; the caller zeroes it (withSecret). */
  open(vaultId: string, kind: string, sealed: SealedSecret): Buffer {
    const current = this.require();
    const kek = this.previous && sameKekId(kekId(this.previous), sealed.kekId) ? this.previous : current;
    return openSecret(kek, vaultId, kind, sealed);
  }

  /** Re-wraps a data key sealed under the previous KEK (or already under the current one: then unchanged). */
  rewrap(vaultId: string, sealed: Pick<SealedSecret, 'kekId' | 'wrappedDek'>): { kekId: string; wrappedDek: Buffer } {
    const current = this.require();
    if (sameKekId(kekId(current), sealed.kekId)) return { kekId: sealed.kekId, wrappedDek: sealed.wrappedDek };
    if (!this.previous || !sameKekId(kekId(this.previous), sealed.kekId)) {
      throw new WalletError('wrong_kek', 'Sealed under a KEK that is neither WALLET_KEK nor WALLET_KEK_PREVIOUS');
    }
    return rewrapDek(this.previous, current, vaultId, sealed.wrappedDek);
  }

  private require(): Buffer {
    if (!this.kek) throw new WalletError('locked', 'The wallet service is locked: unlock it first');
    return this.kek;
  }
}
