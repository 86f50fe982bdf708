import { startTestDevnet, get, post, tronWebFor } from './devnet-test-kit';
import { encodeRawData, signDigest, type RawDataJson } from '@tronpay/tron';
import type { RunningDevnet } from '../devnet';

describe('devnet bad input: java-tron error answers, never a crash or a hang', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet();
  });
  afterAll(() => devnet.close());

  it.each([
    ['malformed JSON', '/wallet/getaccount', '{"address": '],
    ['a JSON array body', '/wallet/getaccount', '[1,2]'],
    ['a bad address', '/wallet/getaccount', { address: 'not-an-address' }],
    ['a wrong type', '/wallet/getblockbynum', { num: 'ten' }],
    ['raw_data_hex that is not protobuf', '/wallet/broadcasttransaction', { raw_data_hex: 'ffff', signature: ['00'] }],
    ['raw_data_hex that is not hex', '/wallet/broadcasttransaction', { raw_data_hex: '0a02zz', signature: ['00'] }],
    ['raw_data_hex of odd length', '/wallet/broadcasttransaction', { raw_data_hex: '0a0', signature: ['00'] }],
    ['no raw data at all', '/wallet/broadcasttransaction', { signature: [] }],
    ['a hex transaction that is not one', '/wallet/broadcasthex', { transaction: 'zz' }],
    ['an unknown contract type', '/wallet/broadcasttransaction', { raw_data_hex: '5a0608ff011202', signature: [] }],
  ])('%s -> {"Error": "class ... : ..."}', async (_name, path, body) => {
    const answer = await post(devnet, path, body);
    expect(String(answer.Error)).toMatch(/^class [\w.]+ : /);
  });

  it('answers {} for what does not exist and 404 for unknown paths', async () => {
    expect(await get(devnet, '/wallet/gettransactionbyid?value=' + '00'.repeat(32))).toEqual({});
    expect(await get(devnet, '/wallet/gettransactioninfobyid?value=' + '00'.repeat(32))).toEqual({});
    expect(await get(devnet, '/wallet/getblockbynum?num=999999')).toEqual({});
    expect(await get(devnet, '/wallet/getaccount?address=' + '41' + '22'.repeat(20))).toEqual({});
    const res = await fetch(devnet.url + '/wallet/nosuchthing');
    expect(res.status).toBe(404);
  });

  it('refuses a signature from the wrong owner, a missing signature and an oversize transaction', async () => {
    const [alice, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const tx = await tw.transactionBuilder.sendTrx(bob.base58, 1_000, alice.base58);
    const bobSig = (await tronWebFor(devnet, bob.privateKey).trx.multiSign(tx, bob.privateKey, 0)).signature;
    const wrong = await post(devnet, '/wallet/broadcasttransaction', { ...tx, signature: bobSig });
    expect(wrong.code).toBe('SIGERROR');
    expect(Buffer.from(String(wrong.message), 'hex').toString()).toContain('but it is not contained of permission');
    const unsigned = await post(devnet, '/wallet/broadcasttransaction', { ...tx, signature: [] });
    expect(unsigned.code).toBe('SIGERROR');
    const signedJsonOnly = await tw.trx.sign(tx, alice.privateKey);
    const jsonOnly = await post(devnet, '/wallet/broadcasttransaction', { raw_data: signedJsonOnly.raw_data, signature: signedJsonOnly.signature });
    expect(jsonOnly).toEqual({ result: true, txid: signedJsonOnly.txID });

    const rawData = { ...tx.raw_data, data: 'ab'.repeat(600 * 1024) } as unknown as RawDataJson;
    const encoded = encodeRawData(rawData);
    const tooBig = await post(devnet, '/wallet/broadcasttransaction', {
      raw_data_hex: encoded.rawDataHex,
      signature: [signDigest(encoded.txID, alice.privateKey)],
    });
    expect(tooBig.code).toBe('TOO_BIG_TRANSACTION_ERROR');
  });

  it('keeps serving after all of that', async () => {
    const block = await post(devnet, '/wallet/getnowblock');
    expect(block.blockID).toMatch(/^[0-9a-f]{64}$/);
  });
});
