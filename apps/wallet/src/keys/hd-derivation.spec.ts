import { accountFromPrivateKey } from '@tronpay/tron';
import { accountXpub, deriveAddress, derivePrivateKey, newMnemonic, seedOf } from './hd-derivation';

// Published vector: Tether WDK's wallet-account-tron tests, m/44'/195'/0'/0/0.
const WDK = {
  mnemonic: 'cook voyage document eight skate token alien guide drink uncle term abuse',
  address: 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb',
  privateKey: '5d5645db7db2a3b86435e3ec9b3b2cc670fccef5b6d5705e310b8ac2d8d37633',
};
// The widely quoted BIP-44 TRON vectors of the BIP-39 test mnemonic (Ian Coleman's tool, Ledger's
// TRON app test, several wallets' fixtures): m/44'/195'/0'/0/0 to /4.
const ABANDON = {
  mnemonic: 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
  first: [
    'TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH',
    'TSeJkUh4Qv67VNFwY8LaAxERygNdy6NQZK',
    'TYJPRrdB5APNeRs4R7fYZSwW3TcrTKw2gx',
    'TRhVWK5XEDkQBDevcdCWW7RW51aRncty4W',
    'TT2X2yyubp7qpAWYYNE5JQWBtoZ7ikQFsY',
  ],
};

describe('HD derivation (BIP-44, coin type 195)', () => {
  it('derives the published first address and private key of a known mnemonic', () => {
    const seed = seedOf(WDK.mnemonic);
    expect(deriveAddress(accountXpub(seed, 0), 0).address).toBe(WDK.address);
    expect(derivePrivateKey(seed, 0, 0).toString('hex')).toBe(WDK.privateKey);
  });

  it('derives the widely published first addresses of the BIP-39 test mnemonic, from the xpub and from the keys', () => {
    const seed = seedOf(ABANDON.mnemonic);
    const xpub = accountXpub(seed, 0);
    expect(ABANDON.first.map((_, i) => deriveAddress(xpub, i).address)).toEqual(ABANDON.first);
    expect(ABANDON.first.map((_, i) => accountFromPrivateKey(derivePrivateKey(seed, 0, i).toString('hex')).base58)).toEqual(ABANDON.first);
  });

  it('gives the same address from the account xpub as from the private key, for many indexes', () => {
    const seed = seedOf(WDK.mnemonic);
    const xpub = accountXpub(seed, 3);
    for (const index of [0, 1, 2, 99, 2 ** 31 - 1]) {
      const fromKey = accountFromPrivateKey(derivePrivateKey(seed, 3, index).toString('hex')).base58;
      expect(deriveAddress(xpub, index).address).toBe(fromKey);
    }
  });

  it('keeps accounts apart and refuses a mnemonic with a bad checksum', () => {
    const seed = seedOf(newMnemonic());
    expect(deriveAddress(accountXpub(seed, 0), 0).address).not.toBe(deriveAddress(accountXpub(seed, 1), 0).address);
    expect(() => seedOf(ABANDON.mnemonic.replace('about', 'abandon'))).toThrow(/Not a valid BIP-39/);
  });

  it('never exposes a private key through the xpub', () => {
    expect(accountXpub(seedOf(WDK.mnemonic), 0)).toMatch(/^xpub/);
  });
});
