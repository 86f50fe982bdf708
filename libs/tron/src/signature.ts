import { verify, KeyObject } from 'node:crypto';
import { utils } from 'tronweb';
import { addressFromPublicKey } from './address';
import { publicKeyObject } from './keys';
import { fromHex } from './hex';

/** Signs a transaction id (32-byte digest, hex) the way tronweb does: r || s || v (v = 27 + recovery). */
export function signDigest(digestHex: string, privateKey: string): string {
  const tx = utils.crypto.signTransaction(privateKey.replace(/^0x/, ''), { txID: digestHex.replace(/^0x/, '') } as never) as {
    signature: string[];
  };
  return tx.signature[0].toLowerCase();
}

/** Recovers the uncompressed public key (65 bytes) of a 65-byte signature over a digest; null when impossible. */
export function recoverPublicKey(digestHex: string, signatureHex: string): Buffer | null {
  try {
    const sig = fromHex(signatureHex);
    if (sig.length !== 65) return null;
    let v = sig[64];
    if (v < 27) v += 27;
    if (v !== 27 && v !== 28) return null;
    const normalized = Buffer.concat([sig.subarray(0, 64), Buffer.from([v])]);
    const signature = utils.ethersUtils.Signature.from('0x' + normalized.toString('hex'));
    const pub = utils.ethersUtils.SigningKey.recoverPublicKey('0x' + digestHex.replace(/^0x/, ''), signature);
    return fromHex(pub);
  } catch {
    return null;
  }
}

/** The `41...` address that signed a digest, or null. Slow (pure JS); see SignatureVerifier for the hot path. */
export function recoverSigner(digestHex: string, signatureHex: string): string | null {
  const pub = recoverPublicKey(digestHex, signatureHex);
  return pub ? addressFromPublicKey(pub) : null;
}

/**
 * Finds who signed a transaction. Public-key recovery in JS costs ~2 ms, OpenSSL verification
 * against a known key ~0.3 ms, so keys learned once (or registered up front) are tried first.
 */
export class SignatureVerifier {
  private readonly keys = new Map<string, KeyObject>();

  remember(address: string, publicKeyHex: string): void {
    this.keys.set(address, publicKeyObject(fromHex(publicKeyHex)));
  }

  /** The public key learned for an address, if any (to verify elsewhere, e.g. in worker threads). */
  publicKey(address: string): KeyObject | undefined {
    return this.keys.get(address);
  }

  /**
   * Returns the signer's address when the signature over `rawData` (whose sha256 is `txID`)
   * comes from one of `candidates` or, failing the fast path, whoever recovery yields.
   */
  signer(rawData: Uint8Array, txID: string, signatureHex: string, candidates: readonly string[]): string | null {
    const sig = /^[0-9a-fA-F]{130}$/.test(signatureHex) ? Buffer.from(signatureHex, 'hex') : null;
    if (!sig) return null;
    const rs = sig.subarray(0, 64);
    for (const candidate of candidates) {
      const key = this.keys.get(candidate);
      if (key && verify('sha256', rawData, { key, dsaEncoding: 'ieee-p1363' }, rs)) return candidate;
    }
    const pub = recoverPublicKey(txID, signatureHex);
    if (!pub) return null;
    const address = addressFromPublicKey(pub);
    if (this.keys.size < 1_000_000) this.keys.set(address, publicKeyObject(pub));
    return address;
  }
}
