import fc from 'fast-check';
import { utils } from 'tronweb';
import { base58ToHex, hexToBase58, normalizeAddress } from './address';
import { accountFromPrivateKey, generateAccount } from './keys';
import { signDigest, recoverSigner, SignatureVerifier } from './signature';
import { sha256Hex } from './hash';

const hexAddress = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => '41' + Buffer.from(b).toString('hex'));

describe('addresses', () => {
  it('converts hex <-> base58 exactly as tronweb does, and back', () => {
    fc.assert(
      fc.property(hexAddress, (hex) => {
        const b58 = hexToBase58(hex);
        expect(b58).toBe(utils.address.fromHex(hex));
        expect(base58ToHex(b58)).toBe(hex);
        expect(normalizeAddress(b58)).toBe(hex);
        expect(normalizeAddress(hex.toUpperCase().replace(/^41/, '41'))).toBe(hex);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a base58 address with a broken checksum or the wrong length', () => {
    const good = hexToBase58('41' + '11'.repeat(20));
    const broken = good.slice(0, -1) + (good.endsWith('a') ? 'b' : 'a');
    expect(base58ToHex(broken)).toBeNull();
    expect(normalizeAddress('41abc')).toBeNull();
    expect(normalizeAddress(42)).toBeNull();
  });

  it('derives the address tronweb derives from a private key', () => {
    const a = generateAccount();
    expect(a.base58).toBe(utils.address.fromPrivateKey(a.privateKey));
    expect(accountFromPrivateKey(a.privateKey).address).toBe(a.address);
  });
});

describe('signatures', () => {
  it('finds the signer on the fast path (known key) and by recovery (unknown key) alike', () => {
    const a = generateAccount();
    const raw = Buffer.from('0a0200012208', 'hex');
    const txID = sha256Hex(raw);
    const sig = signDigest(txID, a.privateKey);
    expect(recoverSigner(txID, sig)).toBe(a.address);
    const verifier = new SignatureVerifier();
    expect(verifier.signer(raw, txID, sig, [a.address])).toBe(a.address);
    verifier.remember(a.address, a.publicKey);
    expect(verifier.signer(raw, txID, sig, [a.address])).toBe(a.address);
    const other = generateAccount();
    expect(verifier.signer(raw, txID, signDigest(txID, other.privateKey), [a.address])).toBe(other.address);
    expect(verifier.signer(raw, txID, 'zz', [a.address])).toBeNull();
  });
});
