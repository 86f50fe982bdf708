import { createECDH, createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { hexToBase58, addressFromPublicKey } from './address';
import { fromHex } from './hex';

export interface TronAccount {
  privateKey: string;
  /** Uncompressed public key, 65 bytes as hex. */
  publicKey: string;
  /** `41...` hex. */
  address: string;
  base58: string;
}

const SECP256K1_ORDER = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
const SPKI_PREFIX = Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex');

export function isValidPrivateKey(privateKey: string): boolean {
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(privateKey)) return false;
  const n = BigInt('0x' + privateKey.replace(/^0x/, ''));
  return n > 0n && n < SECP256K1_ORDER;
}

export function accountFromPrivateKey(privateKey: string): TronAccount {
  if (!isValidPrivateKey(privateKey)) throw new Error('invalid private key');
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(fromHex(privateKey));
  const pub = ecdh.getPublicKey();
  const address = addressFromPublicKey(pub);
  return {
    privateKey: privateKey.replace(/^0x/, '').toLowerCase(),
    publicKey: pub.toString('hex'),
    address,
    base58: hexToBase58(address),
  };
}

export function generateAccount(): TronAccount {
  for (;;) {
    const key = randomBytes(32).toString('hex');
    if (isValidPrivateKey(key)) return accountFromPrivateKey(key);
  }
}

/** A node:crypto public key object for an uncompressed secp256k1 key, for OpenSSL verification. */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}
