import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { kekId, open, openSecret, rewrapDek, seal, sealSecret, withSecret } from './envelope';

const kek = () => randomBytes(32);

describe('envelope encryption', () => {
  it('round-trips any secret, with a fresh nonce every time', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 256 }), (bytes) => {
        const k = kek();
        const a = sealSecret(k, 'vault-1', 'mnemonic', Buffer.from(bytes));
        const b = sealSecret(k, 'vault-1', 'mnemonic', Buffer.from(bytes));
        expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
        expect(openSecret(k, 'vault-1', 'mnemonic', a).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses any tampered byte of the wrapped key or the ciphertext', () => {
    const k = kek();
    const sealed = sealSecret(k, 'v', 'private_key', randomBytes(32));
    for (const field of ['wrappedDek', 'ciphertext'] as const) {
      for (let i = 0; i < sealed[field].length; i++) {
        const tampered = Buffer.from(sealed[field]);
        tampered[i] ^= 0x01;
        expect(() => openSecret(k, 'v', 'private_key', { ...sealed, [field]: tampered })).toThrow(
          expect.objectContaining({ code: 'key_integrity' }),
        );
      }
    }
  });

  it('refuses another vault or kind (the context is authenticated)', () => {
    const k = kek();
    const sealed = sealSecret(k, 'vault-a', 'mnemonic', Buffer.from('secret words'));
    expect(() => openSecret(k, 'vault-b', 'mnemonic', sealed)).toThrow(expect.objectContaining({ code: 'key_integrity' }));
    expect(() => openSecret(k, 'vault-a', 'private_key', sealed)).toThrow(expect.objectContaining({ code: 'key_integrity' }));
  });

  it('names a wrong KEK as such, never returning a wrong key', () => {
    const sealed = sealSecret(kek(), 'v', 'mnemonic', Buffer.from('secret words'));
    expect(() => openSecret(kek(), 'v', 'mnemonic', sealed)).toThrow(expect.objectContaining({ code: 'wrong_kek' }));
  });

  it('re-wraps the data key under a new KEK without touching the secret', () => {
    const oldKek = kek();
    const newKek = kek();
    const sealed = sealSecret(oldKek, 'v', 'mnemonic', Buffer.from('secret words'));
    const rewrapped = { ...sealed, ...rewrapDek(oldKek, newKek, 'v', sealed.wrappedDek) };
    expect(rewrapped.kekId).toBe(kekId(newKek));
    expect(openSecret(newKek, 'v', 'mnemonic', rewrapped).toString()).toBe('secret words');
    expect(() => openSecret(oldKek, 'v', 'mnemonic', rewrapped)).toThrow(expect.objectContaining({ code: 'wrong_kek' }));
  });

  it('keeps no recognisable plaintext or KEK in what it stores', () => {
    const k = kek();
    const secret = Buffer.from('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
    const sealed = sealSecret(k, 'v', 'mnemonic', secret);
    const stored = Buffer.concat([sealed.wrappedDek, sealed.ciphertext, Buffer.from(sealed.kekId)]);
    expect(stored.includes(secret.subarray(0, 8))).toBe(false);
    expect(stored.includes(k.subarray(0, 8))).toBe(false);
  });

  it('zeroes a secret after use, also when the work throws', async () => {
    const s = Buffer.from('0123456789abcdef');
    await expect(withSecret(s, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(s.equals(Buffer.alloc(16))).toBe(true);
  });

  it('seal/open refuse truncated input', () => {
    const k = kek();
    expect(() => open(k, seal(k, Buffer.from('x'), 'c').subarray(0, 10), 'c')).toThrow(expect.objectContaining({ code: 'key_integrity' }));
  });
});
