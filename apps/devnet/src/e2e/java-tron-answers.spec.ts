import { encodeRawData, generateAccount, hexToBase58, signDigest, type RawDataJson, type TronAccount } from '@tronpay/tron';
import { startTestDevnet, mine, post } from './devnet-test-kit';
import type { RunningDevnet } from '../devnet';

/**
 * Broadcast answers as java-tron prints them (Wallet.broadcastTransaction's Return through
 * BroadcastServlet / BroadcastHexServlet), with the message texts of its sources.
 */
describe('devnet broadcast answers match java-tron', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet();
  });
  afterAll(() => devnet.close());

  function transfer(from: TronAccount, to: string, amount: number): { body: Record<string, unknown>; txID: string; hex: string } {
    const head = devnet.node.chain.head();
    const rawData: RawDataJson = {
      contract: [{ parameter: { value: { owner_address: from.address, to_address: to, amount }, type_url: 'type.googleapis.com/protocol.TransferContract' }, type: 'TransferContract' }],
      ref_block_bytes: head.blockID.slice(12, 16),
      ref_block_hash: head.blockID.slice(16, 32),
      expiration: head.timestamp + 60_000,
      timestamp: head.timestamp + amount,
    };
    const { rawDataHex, txID } = encodeRawData(rawData);
    const signature = signDigest(txID, from.privateKey);
    // protocol.Transaction: raw_data (field 1) and one signature (field 2), for broadcasthex.
    const hex = `0a${varint(rawDataHex.length / 2)}${rawDataHex}1241${signature}`;
    return { body: { raw_data_hex: rawDataHex, signature: [signature] }, txID, hex };
  }

  const varint = (n: number) => (n < 0x80 ? n.toString(16).padStart(2, '0') : ((n & 0x7f) | 0x80).toString(16) + (n >> 7).toString(16).padStart(2, '0'));
  const text = (hex: unknown) => Buffer.from(String(hex), 'hex').toString('utf8');

  it('a refused broadcast is {code, message (hex of the text), txid} and nothing else', async () => {
    const [alice, bob] = devnet.accounts;
    const { body, txID } = transfer(alice, bob.address, 9_000_000_000_000_000);
    const answer = await post(devnet, '/wallet/broadcasttransaction', body);
    expect(Object.keys(answer)).toEqual(['code', 'message', 'txid']);
    expect(answer).toMatchObject({ code: 'CONTRACT_VALIDATE_ERROR', txid: txID });
    expect(text(answer.message)).toBe('contract validate error : Validate TransferContract error, balance is not sufficient.');
  });

  it.each([
    ['a transfer to oneself', (a: TronAccount) => a.address, 1, 'contract validate error : Cannot transfer TRX to yourself.'],
    ['a zero amount', (_a: TronAccount, b: TronAccount) => b.address, 0, 'contract validate error : Amount must be greater than 0.'],
  ])('%s: TransferActuator\'s message', async (_name, to, amount, message) => {
    const [alice, bob] = devnet.accounts;
    const answer = await post(devnet, '/wallet/broadcasttransaction', transfer(alice, to(alice, bob), amount).body);
    expect(text(answer.message)).toBe(message);
  });

  it('an owner that does not exist: BandwidthProcessor\'s "account [base58] does not exist"', async () => {
    const ghost = generateAccount();
    const answer = await post(devnet, '/wallet/broadcasttransaction', transfer(ghost, devnet.accounts[0].address, 1_000).body);
    expect(answer.code).toBe('CONTRACT_VALIDATE_ERROR');
    expect(text(answer.message)).toBe(`contract validate error : account [${hexToBase58(ghost.address)}] does not exist`);
  });

  it('a signature from outside the permission: "validate signature error <txid> is signed by <base58> but it is not contained of permission."', async () => {
    const [alice, bob] = devnet.accounts;
    const { body, txID } = transfer(alice, bob.address, 2_000);
    const forged = { ...body, signature: [signDigest(txID, bob.privateKey)] };
    const answer = await post(devnet, '/wallet/broadcasttransaction', forged);
    expect(answer.code).toBe('SIGERROR');
    expect(text(answer.message)).toBe(`validate signature error ${txID} is signed by ${bob.base58} but it is not contained of permission.`);
  });

  it('a repeated txid: DUP_TRANSACTION_ERROR from the id cache, without a message', async () => {
    const [alice, bob] = devnet.accounts;
    const { body, txID } = transfer(alice, bob.address, 3_000);
    expect(await post(devnet, '/wallet/broadcasttransaction', body)).toEqual({ result: true, txid: txID });
    expect(await post(devnet, '/wallet/broadcasttransaction', body)).toEqual({ code: 'DUP_TRANSACTION_ERROR', txid: txID });
    await mine(devnet);
    expect(await post(devnet, '/wallet/broadcasttransaction', body)).toEqual({ code: 'DUP_TRANSACTION_ERROR', txid: txID });
  });

  it('broadcasthex answers result, code, message as text, the transaction as a JSON string, and txid', async () => {
    const [alice, bob] = devnet.accounts;
    const good = transfer(alice, bob.address, 4_000);
    const accepted = await post(devnet, '/wallet/broadcasthex', { transaction: good.hex });
    expect(Object.keys(accepted)).toEqual(['result', 'code', 'message', 'transaction', 'txid']);
    expect(accepted).toMatchObject({ result: true, code: 'SUCCESS', message: '', txid: good.txID });
    const printed = JSON.parse(String(accepted.transaction)) as { raw_data: RawDataJson; signature: string[] };
    expect(printed.raw_data.contract[0].parameter.value).toMatchObject({ owner_address: alice.base58, to_address: bob.base58, amount: 4_000 });

    const refused = await post(devnet, '/wallet/broadcasthex', { transaction: transfer(alice, alice.address, 5_000).hex });
    expect(refused).toMatchObject({ result: false, code: 'CONTRACT_VALIDATE_ERROR', message: 'contract validate error : Cannot transfer TRX to yourself.' });
  });
});
