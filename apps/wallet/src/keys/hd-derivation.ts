import { ECDH } from 'node:crypto';
import { HDKey } from '@scure/bip32';
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english';
import { addressFromPublicKey, hexToBase58 } from '@tronpay/tron';
import { WalletError } from '../wallet.errors';

/** SLIP-44 coin type of TRON. */
export const TRON_COIN_TYPE = 195;

export const accountPath = (account: number) => `m/44'/${TRON_COIN_TYPE}'/${account}'`;
export const addressPath = (account: number, index: number) => `${accountPath(account)}/0/${index}`;

export interface DerivedAddress {
  index: number;
  /** base58 */
  address: string;
  /** `41...` hex */
  hex: string;
}

export function newMnemonic(strength: 128 | 256 = 256): string {
  return generateMnemonic(wordlist, strength);
}

export function assertMnemonic(mnemonic: string): void {
  if (!validateMnemonic(mnemonic, wordlist)) throw new WalletError('invalid_mnemonic', 'Not a valid BIP-39 English mnemonic');
}

/** The BIP-39 seed; the caller zeroes it. */
export function seedOf(mnemonic: string, passphrase = ''): Buffer {
  assertMnemonic(mnemonic);
  return Buffer.from(mnemonicToSeedSync(mnemonic, passphrase));
}

function addressOfCompressed(publicKey: Uint8Array): { hex: string; address: string } {
  const uncompressed = ECDH.convertKey(publicKey, 'secp256k1', undefined, undefined, 'uncompressed') as Buffer;
  const hex = addressFromPublicKey(uncompressed);
  return { hex, address: hexToBase58(hex) };
}

/**
 * The account-level extended public key (m/44'/195'/account'): enough to derive every deposit
 * address without the seed, so handing out addresses needs no key material and works while
 * the service is locked.
 */
export function accountXpub(seed: Uint8Array, account: number): string {
  const node = HDKey.fromMasterSeed(seed).derive(accountPath(account));
  const xpub = node.publicExtendedKey;
  node.wipePrivateData();
  return xpub;
}

// The external-chain node (…/0) of each xpub, parsed once: issuing an address is then one child derivation.
const externalChains = new Map<string, HDKey>();

function externalChainOf(xpub: string): HDKey {
  let node = externalChains.get(xpub);
  if (!node) {
    node = HDKey.fromExtendedKey(xpub).deriveChild(0);
    if (externalChains.size > 1000) externalChains.clear();
    externalChains.set(xpub, node);
  }
  return node;
}

export function deriveAddress(xpub: string, index: number): DerivedAddress {
  const child = externalChainOf(xpub).deriveChild(index);
  if (!child.publicKey) throw new Error('derivation gave no public key');
  return { index, ...addressOfCompressed(child.publicKey) };
}

/** The private key of one address, derived only when a signature needs it; the caller zeroes it. */
export function derivePrivateKey(seed: Uint8Array, account: number, index: number): Buffer {
  const node = HDKey.fromMasterSeed(seed).derive(addressPath(account, index));
  if (!node.privateKey) throw new Error('derivation gave no private key');
  const key = Buffer.from(node.privateKey);
  node.wipePrivateData();
  return key;
}
