import {
  accountFromPrivateKey,
  base58ToHex,
  blockIdOf,
  decodeRawData,
  encodeRawData,
  hexToBase58,
  sha256Hex,
  SignatureVerifier,
  type RawDataJson,
} from '@tronpay/tron';
import { AccountRepository } from '../accounts/account-repository';
import { StateStore } from '../chain/state-store';
import { SignatureChecker } from './signature-checker';
import { SignaturePool } from './signature-pool';

/**
 * Published transactions checked by the devnet's own broadcast-path code: the raw-data decoding
 * TransactionProcessor runs (decodeRawData), SignatureChecker (java-tron's validateSignature,
 * recovery fallback) and SignaturePool (the workers' OpenSSL verification). Their TaPoS blocks
 * are not on any devnet chain, so they cannot be broadcast; these are the pieces a broadcast uses.
 */
function hexOf(base58: string): string {
  const hex = base58ToHex(base58);
  if (!hex) throw new Error(`not a TRON address: ${base58}`);
  return hex;
}

const TRANSFER_TYPE_URL = 'type.googleapis.com/protocol.TransferContract';
const transfer = (owner: string, to: string, amount: number) => ({
  parameter: { value: { owner_address: owner, to_address: to, amount }, type_url: TRANSFER_TYPE_URL },
  type: 'TransferContract',
});

interface SignedVector {
  name: string;
  rawDataHex: string;
  txID: string;
  signature: string;
  /** The address the signature is known to come from. */
  signer: string;
}

/** Trust Wallet wallet-core, tests/chains/Tron/SignerTests.cpp: fields, reference block header, txid and signature. */
function walletCoreTransfer(): SignedVector {
  const header = {
    timestamp: 1539295479000,
    txTrieRoot: '64288c2db0641316762a99dbb02ef7c90f968b60f9f2e410835980614332f86d',
    parentHash: '00000000002f7b3af4f5f8b9e23a30c530f719f165b742e7358536b280eead2d',
    number: 3111739,
    witnessAddress: '415863f6091b8e71766da808b1dd3159790f61de7d',
    version: 3,
  };
  const blockID = blockIdOf(header);
  const owner = accountFromPrivateKey('2d8f68944bdbfbc0769542fba8fc2d2a3de67393334471624364c7006da2aa54');
  const rawData: RawDataJson = {
    contract: [transfer(owner.address, hexOf('THTR75o8xXAgCTQqpiot2AFRAjvW1tSbVV'), 2_000_000)],
    ref_block_bytes: blockID.slice(12, 16),
    ref_block_hash: blockID.slice(16, 32),
    expiration: 1539295479000 + 10 * 3_600_000,
    timestamp: 1539295479000,
  };
  return {
    name: 'wallet-core SignTransfer',
    rawDataHex: encodeRawData(rawData).rawDataHex,
    txID: 'dc6f6d9325ee44ab3c00528472be16e1572ab076aa161ccd12515029869d0451',
    signature:
      'ede769f6df28aefe6a846be169958c155e23e7e5c9621d2e8dce1719b4d952b63e8a8bf9f00e41204ac1bf69b1a663dacdf764367e48e4a5afcd6b055a747fb200',
    signer: hexOf('TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC'),
  };
}

/**
 * java-tron framework/src/test/java/org/tron/core/services/http/UtilTest.java (testPackTransaction):
 * raw_data_hex, txID and a signature with v = 01. The signature recovers to the transfer's
 * receiver, not its owner: a published example of a transaction signed by the wrong key.
 */
const JAVA_TRON_UTIL_TEST: SignedVector = {
  name: 'java-tron http UtilTest',
  rawDataHex:
    '0a02d8ed22082e066c3259e756f540a090bcea89305a65080112610a2d747970652e676f6f676c65617069732e636f6d2f70726f746f636f6c2e5472616e73666572436f6e7472616374' +
    '12300a1541c076305e35aea1fe45a772fcaaab8a36e87bdb551215415624c12e308b03a1a6b21d9b86e3942fac1ab92b180a70b2ccb8ea8930',
  txID: 'fc33817936b06e50d4b6f1797e62f52d69af6c0da580a607241a9c03a48e390e',
  signature:
    '5c23bddabccd3e4e5ebdf7d2f21dc58af9f88e0b99620374c5354e0dd9efb3a436167d95b70d2d825180bf90bc84525acb13a203f209afd5d397316f6b2c387c01',
  signer: '415624c12e308b03a1a6b21d9b86e3942fac1ab92b',
};

describe('published transaction vectors through the devnet broadcast path', () => {
  const checker = () => new SignatureChecker(new AccountRepository(new StateStore()), new SignatureVerifier());

  it('TRON HTTP API createtransaction examples: txID is sha256 of the raw data, which decodes to the documented fields', () => {
    // developers.tron.network (v4.0) wallet/createtransaction sample output: raw_data and txID, no raw_data_hex.
    const documented: RawDataJson = {
      contract: [transfer('41718de6b323652d1257437ace160c4f4198aae4e1', '414a5fe0179f2dd9c900194e63d661863cd0ade7b0', 1000)],
      ref_block_bytes: '00b0',
      ref_block_hash: '3f1bc96dc80e7f61',
      expiration: 1548974130000,
      timestamp: 1548974072663,
    };
    const { rawDataHex, txID } = encodeRawData(documented);
    expect(txID).toBe('9908eed564650eed0027b84b18adb934e401e39a62d7c8964224fc723914f551');
    expect(decodeRawData(rawDataHex).rawData).toEqual(documented);

    // Validation Cloud's TRON HTTP API docs, wallet/createtransaction result (visible=true, 2025).
    const hex =
      '0a0256fe220889ca16671fbb995c4080db9ed490335a66080112620a2d747970652e676f6f676c65617069732e636f6d2f70726f746f636f6c2e5472616e73666572436f6e7472616374' +
      '12310a1541fd49eda0f23ff7ec1d03b52c3a45991c24cd440e12154198927ffb9f554dc4a453c64b2e553a02d6df514b18e80770c18f9bd49033';
    expect(sha256Hex(Buffer.from(hex, 'hex'))).toBe('7f582b84f4d976ca68bfdb5d32a51e40419b991c0ec046d3ad53b7daeb1fc0db');
    const decoded = decodeRawData(hex);
    expect(decoded.contractType).toBe('TransferContract');
    expect(decoded.rawData).toEqual({
      contract: [transfer(hexOf('TZ4UXDV5ZhNW7fb2AMSbgfAEZ7hWsnYS2g'), hexOf('TPswDDCAWhJAZGdHPidFg5nEf8TkNToDX1'), 1000)],
      ref_block_bytes: '56fe',
      ref_block_hash: '89ca16671fbb995c',
      expiration: 1756818288000,
      timestamp: 1756818229185,
    });
  });

  it.each([walletCoreTransfer(), JAVA_TRON_UTIL_TEST])('$name: txID matches and SignatureChecker names the published signer', (v) => {
    const raw = Buffer.from(v.rawDataHex, 'hex');
    expect(sha256Hex(raw)).toBe(v.txID);
    expect(decodeRawData(raw).contractType).toBe('TransferContract');
    // The signer's own owner permission: accepted, by public-key recovery (no key known in advance).
    expect(checker().check(v.signer, 'TransferContract', 0, raw, v.txID, [v.signature])).toEqual([v.signer]);
  });

  it("java-tron UtilTest's transaction is refused for its owner with validateSignature's message", () => {
    const v = JAVA_TRON_UTIL_TEST;
    const owner = String(decodeRawData(v.rawDataHex).rawData.contract[0].parameter.value.owner_address);
    expect(owner).toBe('41c076305e35aea1fe45a772fcaaab8a36e87bdb55');
    const refuse = () => checker().check(owner, 'TransferContract', 0, Buffer.from(v.rawDataHex, 'hex'), v.txID, [v.signature]);
    expect(refuse).toThrow(expect.objectContaining({ code: 'SIGERROR' }));
    expect(refuse).toThrow(`validate signature error ${v.txID} is signed by ${hexToBase58(v.signer)} but it is not contained of permission.`);
  });

  it('the worker pool verifies the published signatures against the signers\' keys, and nobody else\'s', async () => {
    const v = walletCoreTransfer();
    const signer = accountFromPrivateKey('2d8f68944bdbfbc0769542fba8fc2d2a3de67393334471624364c7006da2aa54');
    const other = accountFromPrivateKey('75065f100e38d3f3b4c5c4235834ba8216de62272a4f03532c44b31a5734360a');
    const verifier = new SignatureVerifier();
    verifier.remember(signer.address, signer.publicKey);
    verifier.remember(other.address, other.publicKey);
    const pool = new SignaturePool(1, (a) => verifier.publicKey(a));
    try {
      expect(await pool.verify(v.rawDataHex, [v.signature], [other.address, signer.address])).toEqual([signer.address]);
      expect(await pool.verify(v.rawDataHex, [v.signature], [other.address])).toEqual([null]);
      expect(await pool.verify(JAVA_TRON_UTIL_TEST.rawDataHex, [v.signature], [signer.address])).toEqual([null]);
    } finally {
      await pool.close();
    }
  });
});
