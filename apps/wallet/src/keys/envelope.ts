import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WalletError } from '../wallet.errors';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A sealed value: nonce | tag | ciphertext. AES-256-GCM with a fresh random nonce each time. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

/** Opens a sealed value, or refuses: a changed byte, another key or another context never yields plaintext. */
export function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new WalletError('key_integrity', 'Sealed key material is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new WalletError('key_integrity', 'Key material failed its integrity check (tampered, or sealed under another key)');
  }
}

/**
 * A public fingerprint of a KEK, stored beside what it wrapped: tells "wrong KEK" apart from
 * "tampered" and lets a rotation resume. An HMAC, so it reveals nothing of the KEK.
 */
export function kekId(kek: Buffer): string {
  return createHmac('sha256', kek).update('tronpay/kek-id/v1').digest('hex').slice(0, 16);
}

export function sameKekId(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Runs `fn` with a secret buffer and zeroes it afterwards, whatever happens. */
export async function withSecret<T>(secret: Buffer, fn: (secret: Buffer) => T | Promise<T>): Promise<T> {
  try {
    return await fn(secret);
  } finally {
    secret.fill(0);
  }
}

export interface SealedSecret {
  kekId: string;
  /** The vault's data key, sealed under the KEK. */
  wrappedDek: Buffer;
  /** The secret (mnemonic entropy or private key), sealed under the data key. */
  ciphertext: Buffer;
}

/** The authenticated context a vault's data key is sealed under (exported for the leak check, which opens it). */
export const dekContext = (vaultId: string) => `tronpay/dek/v1/${vaultId}`;
const secretContext = (vaultId: string, kind: string) => `tronpay/secret/v1/${vaultId}/${kind}`;

/** Envelope encryption: a fresh data key per vault, sealed under the KEK; the secret sealed under the data key. */
export function sealSecret(kek: Buffer, vaultId: string, kind: string, secret: Buffer): SealedSecret {
  const dek = randomBytes(KEY_BYTES);
  try {
    return {
      kekId: kekId(kek),
      wrappedDek: seal(kek, dek, dekContext(vaultId)),
      ciphertext: seal(dek, secret, secretContext(vaultId, kind)),
    };
  } finally {
    dek.fill(0);
  }
}

/** The plaintext secret; the caller zeroes it (see withSecret). */
export function openSecret(kek: Buffer, vaultId: string, kind: string, sealed: SealedSecret): Buffer {
  if (!sameKekId(kekId(kek), sealed.kekId)) {
    throw new WalletError('wrong_kek', 'This vault was sealed under another key-encryption key');
  }
  const dek = open(kek, sealed.wrappedDek, dekContext(vaultId));
  try {
    return open(dek, sealed.ciphertext, secretContext(vaultId, kind));
  } finally {
    dek.fill(0);
  }
}

/** Re-wraps a vault's data key under a new KEK; the secret's ciphertext is untouched. */
export function rewrapDek(oldKek: Buffer, newKek: Buffer, vaultId: string, wrappedDek: Buffer): { kekId: string; wrappedDek: Buffer } {
  const dek = open(oldKek, wrappedDek, dekContext(vaultId));
  try {
    return { kekId: kekId(newKek), wrappedDek: seal(newKek, dek, dekContext(vaultId)) };
  } finally {
    dek.fill(0);
  }
}
