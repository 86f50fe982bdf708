import fc from 'fast-check';
import { decodeRawData, encodeRawData, generateAccount, sha256Hex, signDigest, SignatureVerifier, type RawDataJson } from '@tronpay/tron';
import { SignaturePool } from './signature-pool';

/** The pieces of the faster broadcast path: one protobuf parse, and signatures checked on worker threads. */
describe('broadcast path', () => {
  const hexAddress = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => '41' + Buffer.from(b).toString('hex'));
  const int64 = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));
  const base = {
    ref_block_bytes: fc.uint8Array({ minLength: 2, maxLength: 2 }).map((b) => Buffer.from(b).toString('hex')),
    ref_block_hash: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Buffer.from(b).toString('hex')),
    expiration: fc.integer({ min: 1, max: 2 ** 45 }),
    timestamp: fc.integer({ min: 1, max: 2 ** 45 }),
  };
  /** Proto3 defaults left out, as java-tron prints them (and decodeRawData must too). */
  const compact = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== 0 && v !== ''));

  it('decodes TransferContract and TriggerSmartContract from the single parse exactly as they were encoded', () => {
    const transfer = fc.record({ owner_address: hexAddress, to_address: hexAddress, amount: int64 }).map((v) => ({ type: 'TransferContract', value: v }));
    const trigger = fc
      .record({
        owner_address: hexAddress,
        contract_address: hexAddress,
        call_value: int64,
        data: fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('hex')),
        call_token_value: int64,
        token_id: int64,
      })
      .map((v) => ({ type: 'TriggerSmartContract', value: v }));
    fc.assert(
      fc.property(fc.oneof(transfer, trigger), fc.record(base), fc.option(fc.integer({ min: 1, max: 10 ** 10 }), { nil: undefined }), (c, header, feeLimit) => {
        const value = compact(c.value);
        const rawData: RawDataJson = {
          contract: [{ parameter: { value, type_url: `type.googleapis.com/protocol.${c.type}` }, type: c.type }],
          ...header,
          ...(feeLimit ? { fee_limit: feeLimit } : {}),
        };
        const { rawDataHex } = encodeRawData(rawData);
        const decoded = decodeRawData(rawDataHex);
        expect(decoded.rawData).toEqual(rawData);
        expect(decodeRawData(Buffer.from(rawDataHex, 'hex')).rawData).toEqual(rawData);
      }),
      { numRuns: 200 },
    );
  });

  it('a worker names the candidate whose key verifies a signature, and null for anything else', async () => {
    const [alice, bob, stranger] = [generateAccount(), generateAccount(), generateAccount()];
    const verifier = new SignatureVerifier();
    verifier.remember(alice.address, alice.publicKey);
    verifier.remember(bob.address, bob.publicKey);
    const pool = new SignaturePool(2, (a) => verifier.publicKey(a));
    try {
      const rawDataHex = 'ab'.repeat(120);
      const digest = sha256Hex(Buffer.from(rawDataHex, 'hex'));
      const many = Array.from({ length: 20 }, (_, i) => pool.verify(rawDataHex, [signDigest(digest, i % 2 ? alice.privateKey : bob.privateKey)], [alice.address, bob.address]));
      expect(await Promise.all(many)).toEqual(Array.from({ length: 20 }, (_, i) => [i % 2 ? alice.address : bob.address]));
      // Signed by someone not among the candidates, or not a signature at all: null (the caller then recovers).
      expect(await pool.verify(rawDataHex, [signDigest(digest, stranger.privateKey)], [alice.address, bob.address])).toEqual([null]);
      expect(await pool.verify(rawDataHex, ['00'.repeat(65)], [alice.address])).toEqual([null]);
      expect(await pool.verify(rawDataHex, ['abcd'], [alice.address])).toEqual([null]);
      // Unknown candidates are not sent to the workers at all.
      expect(await pool.verify(rawDataHex, [signDigest(digest, stranger.privateKey)], [stranger.address])).toEqual([null]);
    } finally {
      await pool.close();
    }
    expect(await pool.verify('00', ['00'.repeat(65)], [alice.address])).toEqual([null]);
  });
});
