import { randomBytes } from 'node:crypto';
import { KeyStore } from './key-store';

const N = 2 ** 14;

describe('KeyStore', () => {
  it('with a configured KEK is unlocked and round-trips secrets', () => {
    const store = new KeyStore({ mode: 'key', kek: randomBytes(32) });
    expect(store.locked).toBe(false);
    const sealed = store.seal('v', 'mnemonic', Buffer.from('words'));
    expect(store.open('v', 'mnemonic', sealed).toString()).toBe('words');
  });

  it('in passphrase mode starts locked and refuses to seal or open until unlocked', () => {
    const store = new KeyStore({ mode: 'passphrase', scryptN: N });
    expect(store.locked).toBe(true);
    expect(() => store.seal('v', 'mnemonic', Buffer.from('words'))).toThrow(expect.objectContaining({ code: 'locked' }));
    const salt = randomBytes(16);
    store.unlock('correct horse battery staple', salt);
    const sealed = store.seal('v', 'mnemonic', Buffer.from('words'));
    store.lock();
    expect(() => store.open('v', 'mnemonic', sealed)).toThrow(expect.objectContaining({ code: 'locked' }));
    store.unlock('correct horse battery staple', salt);
    expect(store.open('v', 'mnemonic', sealed).toString()).toBe('words');
    store.unlock('wrong passphrase', salt);
    expect(() => store.open('v', 'mnemonic', sealed)).toThrow(expect.objectContaining({ code: 'wrong_kek' }));
  });
});
