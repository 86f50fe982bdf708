import { hexToBase58 } from '../address';
import { recoverSigner, signDigest } from '../signature';
import { decodeRawData, encodeSignedTransaction, txIdOf, type DecodedRawData } from '../transaction-codec';
import type { SignedTransaction, UnsignedTransaction } from './build-transaction';
import { fail } from './build-transaction';

type AnyTransaction = UnsignedTransaction & { signature?: string[] };

/**
 * What a transaction really does, read from raw_data_hex (the signed bytes), never from the
 * raw_data JSON beside it, which anyone handing the transaction over could have edited. Throws
 * when the txID is not the hash of those bytes or the bytes do not decode.
 */
export function decodeTransaction(tx: Pick<AnyTransaction, 'txID' | 'raw_data_hex'>): DecodedRawData {
  if (typeof tx.raw_data_hex !== 'string' || !/^[0-9a-fA-F]+$/.test(tx.raw_data_hex)) fail('raw_data_hex: not hex');
  if (typeof tx.txID !== 'string' || txIdOf(tx.raw_data_hex) !== tx.txID.toLowerCase()) fail('txID is not the sha256 of raw_data_hex');
  try {
    return decodeRawData(tx.raw_data_hex);
  } catch (e) {
    return fail(`raw_data_hex does not decode: ${(e as Error).message}`);
  }
}

/** Adds one signature (r || s || v over the txID). Refuses a txID that does not match the bytes. */
export function signTransaction<T extends AnyTransaction>(tx: T, privateKey: string): T & SignedTransaction {
  decodeTransaction(tx);
  const signature = signDigest(tx.txID, privateKey);
  return { ...tx, signature: [...(tx.signature ?? []), signature] };
}

/** Base58 address of each signature's signer, in order; null where a signature is not valid. */
export function transactionSigners(tx: Pick<AnyTransaction, 'txID' | 'raw_data_hex' | 'signature'>): Array<string | null> {
  decodeTransaction(tx);
  return (tx.signature ?? []).map((sig) => {
    const signer = recoverSigner(tx.txID, sig);
    return signer ? hexToBase58(signer) : null;
  });
}

/** True when every signature is valid and each of `expected` (base58) signed. */
export function verifyTransactionSignatures(tx: Pick<AnyTransaction, 'txID' | 'raw_data_hex' | 'signature'>, expected: readonly string[]): boolean {
  let signers: Array<string | null>;
  try {
    signers = transactionSigners(tx);
  } catch {
    return false;
  }
  return signers.length > 0 && signers.every((s) => s !== null) && expected.every((e) => signers.includes(e));
}

/** The serialized protocol.Transaction that `/wallet/broadcasthex` takes. */
export function toBroadcastHex(tx: SignedTransaction): string {
  decodeTransaction(tx);
  return encodeSignedTransaction(tx.raw_data_hex, tx.signature).toString('hex');
}
