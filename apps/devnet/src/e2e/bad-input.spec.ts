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
    ['raw_data_hex that is a number', '/wallet/broadcasttransaction', { raw_data_hex: 5, signature: [] }],
    ['raw_data whose contract is not a list', '/wallet/broadcasttransaction', { raw_data: { contract: 'x' }, signature: [] }],
    ['an amount that is not a number', '/wallet/createtransaction', { owner_address: '41' + '11'.repeat(20), to_address: '41' + '22'.repeat(20), amount: 'lots' }],
    ['a block range of the wrong type', '/wallet/getblockbylimitnext', { startNum: 'a', endNum: [] }],
  ])('%s -> {"Error": "class ... : ..."}', async (_name, path, body) => {
    const answer = await post(devnet, path, body);
    expect(String(answer.Error)).toMatch(/^class [\w.]+ : /);
  });

  it('a vote without votes: VoteWitnessActuator\'s message, not an encoder failure', async () => {
    const answer = await post(devnet, '/wallet/votewitnessaccount', { owner_address: devnet.accounts[0].address, votes: [] });
    expect(answer).toEqual({ Error: 'class org.tron.core.exception.ContractValidateException : VoteNumber must more than 0' });
  });

  it('a request body over the 4 MB limit: 413 with an Error, not a crash', async () => {
    const res = await fetch(devnet.url + '/wallet/broadcasttransaction', { method: 'POST', body: '{"raw_data_hex":"' + '00'.repeat(3 * 1024 * 1024) + '"}' });
    expect(res.status).toBe(413);
    expect(String(((await res.json()) as { Error: string }).Error)).toMatch(/^class [\w.]+ : /);
  });

  it('an expiration more than 24 h after the head block: TRANSACTION_EXPIRATION_ERROR', async () => {
    const [alice, bob] = devnet.accounts;
    const head = devnet.node.chain.head();
    const rawData: RawDataJson = {
      contract: [{ parameter: { value: { owner_address: alice.address, to_address: bob.address, amount: 1 }, type_url: 'type.googleapis.com/protocol.TransferContract' }, type: 'TransferContract' }],
      ref_block_bytes: head.blockID.slice(12, 16),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: head.timestamp + 24 * 3_600_000 + 1_000,
      timestamp: head.timestamp,
    };
    const { rawDataHex, txID } = encodeRawData(rawData);
    const answer = await post(devnet, '/wallet/broadcasttransaction', { raw_data_hex: rawDataHex, signature: [signDigest(txID, alice.privateKey)] });
    expect(answer.code).toBe('TRANSACTION_EXPIRATION_ERROR');
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
