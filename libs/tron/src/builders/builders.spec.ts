import { TronWeb } from 'tronweb';
import { blockIdOf } from '../block-header';
import { decodeRawData } from '../transaction-codec';
import { generateAccount } from '../keys';
import { Address } from '../values/address.value';
import { buildTransaction, referenceBlockOf, type BuildContext, type ReferenceBlock, type UnsignedTransaction } from './build-transaction';
import { buildAccountPermissionUpdate, operationsMask } from './permission.builders';
import { buildCancelAllUnfreeze, buildDelegate, buildFreeze, buildUndelegate, buildUnfreeze, buildVote, buildWithdrawExpireUnfreeze, buildWithdrawRewards } from './staking.builders';
import { TransactionBuildError } from './transaction-build.errors';
import { decodeTransaction, signTransaction, toBroadcastHex, transactionSigners, verifyTransactionSignatures } from './transaction-signing';
import { buildTrc20Transfer, buildTrxTransfer, trc20TransferData } from './transfer.builders';

// Never contacted: every tronweb call below builds offline from the blockHeader option.
const offline = new TronWeb({ fullHost: 'http://127.0.0.1:9' });
const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const REF: ReferenceBlock = { number: 0x3fa2c1, id: '00000000003fa2c1' + 'ab'.repeat(24), timestamp: 1_745_000_000_000 };
const CTX: BuildContext = { ref: REF, timestamp: REF.timestamp + 123 };
const blockHeader = { ref_block_bytes: 'a2c1', ref_block_hash: 'abababababababab', expiration: REF.timestamp + 60_000, timestamp: CTX.timestamp };
const [alice, bob] = [generateAccount(), generateAccount()];

function sameBytes(ours: UnsignedTransaction, theirs: { raw_data_hex: string; txID: string }): void {
  expect(ours.raw_data_hex).toBe(theirs.raw_data_hex);
  expect(ours.txID).toBe(theirs.txID);
}

describe('transaction builders: the bytes tronweb builds, offline', () => {
  it('builds a TRX transfer with TaPoS from the reference block', async () => {
    const tx = buildTrxTransfer({ from: alice.base58, to: Address.parse(bob.address), amount: 1_500_000n }, CTX);
    sameBytes(tx, await offline.transactionBuilder.sendTrx(bob.base58, 1_500_000, alice.base58, { blockHeader }));
    expect(tx.raw_data).toMatchObject({ ref_block_bytes: 'a2c1', ref_block_hash: 'abababababababab', expiration: REF.timestamp + 60_000, timestamp: CTX.timestamp });
    expect(decodeRawData(tx.raw_data_hex).rawData).toEqual(tx.raw_data);
  });

  it('builds a TRC20 transfer(address,uint256) call with its fee limit', async () => {
    const tx = buildTrc20Transfer({ from: alice.base58, contract: USDT, to: bob.base58, amount: 2_500_000n, feeLimit: 30_000_000n }, CTX);
    const theirs = await offline.transactionBuilder.triggerSmartContract(
      USDT,
      'transfer(address,uint256)',
      { feeLimit: 30_000_000, txLocal: true, blockHeader } as never,
      [{ type: 'address', value: bob.base58 }, { type: 'uint256', value: 2_500_000 }],
      alice.base58,
    );
    sameBytes(tx, theirs.transaction);
    expect(tx.raw_data.fee_limit).toBe(30_000_000);
    expect(trc20TransferData(bob.base58, 1n)).toBe('a9059cbb' + '0'.repeat(24) + bob.address.slice(2) + '1'.padStart(64, '0'));
  });

  it('builds every Stake 2.0 contract, votes and reward claims as tronweb does', async () => {
    const tb = offline.transactionBuilder;
    const pairs: Array<[UnsignedTransaction, { raw_data_hex: string; txID: string }]> = [
      [buildFreeze({ owner: alice.base58, amount: 10_000_000n, resource: 'ENERGY' }, CTX), await tb.freezeBalanceV2(10_000_000, 'ENERGY', alice.base58, { blockHeader })],
      [buildFreeze({ owner: alice.base58, amount: 10_000_000n, resource: 'BANDWIDTH' }, CTX), await tb.freezeBalanceV2(10_000_000, 'BANDWIDTH', alice.base58, { blockHeader })],
      [buildUnfreeze({ owner: alice.base58, amount: 5n, resource: 'ENERGY' }, CTX), await tb.unfreezeBalanceV2(5, 'ENERGY', alice.base58, { blockHeader })],
      [
        buildDelegate({ owner: alice.base58, receiver: bob.base58, amount: 7_000_000n, resource: 'ENERGY', lockPeriodBlocks: 28_800 }, CTX),
        await tb.delegateResource(7_000_000, bob.base58, 'ENERGY', alice.base58, true, 28_800, { blockHeader }),
      ],
      [buildDelegate({ owner: alice.base58, receiver: bob.base58, amount: 7_000_000n, resource: 'ENERGY' }, CTX), await tb.delegateResource(7_000_000, bob.base58, 'ENERGY', alice.base58, false, undefined, { blockHeader })],
      [buildUndelegate({ owner: alice.base58, receiver: bob.base58, amount: 7_000_000n, resource: 'ENERGY' }, CTX), await tb.undelegateResource(7_000_000, bob.base58, 'ENERGY', alice.base58, { blockHeader })],
      [buildWithdrawExpireUnfreeze({ owner: alice.base58 }, CTX), await tb.withdrawExpireUnfreeze(alice.base58, { blockHeader })],
      [buildCancelAllUnfreeze({ owner: alice.base58 }, CTX), await tb.cancelUnfreezeBalanceV2(alice.base58, { blockHeader })],
      [buildWithdrawRewards({ owner: alice.base58 }, CTX), await tb.withdrawBlockRewards(alice.base58, { blockHeader })],
      [buildVote({ owner: alice.base58, votes: [{ witness: bob.base58, count: 3n }] }, CTX), await tb.vote({ [bob.base58]: 3 }, alice.base58, { blockHeader })],
    ];
    for (const [ours, theirs] of pairs) sameBytes(ours, theirs);
  });

  it('builds an account permission update (2-of-3 active for transfers) as tronweb does', async () => {
    const keys = [alice, bob, generateAccount()].map((a) => ({ address: a.base58, weight: 1 }));
    const ops = ['TransferContract', 'TriggerSmartContract'];
    const tx = buildAccountPermissionUpdate(
      { owner: alice.base58, ownerPermission: { name: 'owner', threshold: 1, keys: [keys[0]] }, actives: [{ name: 'payout', threshold: 2, keys, operations: ops }] },
      CTX,
    );
    const theirs = await offline.transactionBuilder.updateAccountPermissions(
      alice.base58,
      { type: 0, permission_name: 'owner', threshold: 1, keys: [keys[0]] } as never,
      undefined as never,
      [{ type: 2, id: 2, permission_name: 'payout', threshold: 2, operations: operationsMask(ops), keys }] as never,
      { blockHeader } as never,
    );
    sameBytes(tx, theirs);
    // bits 1 (TransferContract) and 31 (TriggerSmartContract)
    expect(operationsMask(ops)).toBe('0200008000000000000000000000000000000000000000000000000000000000');
  });

  it('reproduces the txID and signature of wallet-core vectors (the freeze was broadcast on mainnet)', () => {
    const header = { timestamp: 1676983485000, txTrieRoot: '9b54db7f84bd19bbad9ff1fccef894c1aade6879450e9e9e2accec751eaa1f52', parentHash: '00000000020cd4c13a67497a3a433a3105bc5a73a041ee3da98407d5a2a2bf1b', number: 34395330, witnessAddress: '4150d3765e4e670727ebac9d5b598f74b75a3d54a7', version: 26 };
    const ref = { number: header.number, id: blockIdOf(header), timestamp: header.timestamp };
    const tx = buildFreeze({ owner: 'TWWb9EjUWai17YEVB7FR8hreupYJKG9sMR', amount: 10_000_000n, resource: 'ENERGY' }, { ref, timestamp: 1676983541337, expirationMs: 1676983599000 - header.timestamp });
    expect(tx.txID).toBe('3a46321487ce1fd115da38b3431006ea529f65ef2507f19233f5a23c05abd01d');
    const signed = signTransaction(tx, '75065f100e38d3f3b4c5c4235834ba8216de62272a4f03532c44b31a5734360a');
    const published = 'd4b539a389f6721b4e9d0eb9f39b62a539069060e1af2a118f06b81737ad9cdb49d5b4fda85f10603012f8de3996da2a1234c21d74ac6ea5e60217d3c10b630900';
    // RFC 6979 makes r and s deterministic; v is spelled 0/1 by wallet-core and 27/28 by tronweb.
    expect(signed.signature[0].slice(0, 128)).toBe(published.slice(0, 128));
    expect(signed.signature[0].slice(128)).toBe('1b');
    expect(transactionSigners(signed)).toEqual(['TWWb9EjUWai17YEVB7FR8hreupYJKG9sMR']);
  });

  it('takes the reference block from a getblock answer and refuses a number that is not the id\'s', () => {
    const ref = referenceBlockOf({ blockID: REF.id, block_header: { raw_data: { number: REF.number, timestamp: REF.timestamp } } });
    expect(ref).toEqual(REF);
    expect(() => buildTrxTransfer({ from: alice.base58, to: bob.base58, amount: 1n }, { ...CTX, ref: { ...REF, number: REF.number + 1 } })).toThrow(/does not belong/);
    expect(() => referenceBlockOf({})).toThrow(TransactionBuildError);
  });

  it('refuses what it cannot encode exactly or the chain would reject', () => {
    const t = (f: () => unknown) => expect(f).toThrow(TransactionBuildError);
    t(() => buildTrxTransfer({ from: alice.base58, to: bob.base58, amount: 0n }, CTX));
    t(() => buildTrxTransfer({ from: alice.base58, to: bob.base58, amount: 2n ** 53n }, CTX));
    t(() => buildTrxTransfer({ from: alice.base58, to: alice.base58, amount: 1n }, CTX));
    t(() => buildTrxTransfer({ from: 'nope', to: bob.base58, amount: 1n }, CTX));
    t(() => buildTrxTransfer({ from: alice.base58, to: bob.base58, amount: 1n }, { ...CTX, expirationMs: 25 * 3600_000 }));
    t(() => buildTrc20Transfer({ from: alice.base58, contract: USDT, to: bob.base58, amount: 2n ** 256n, feeLimit: 1n }, CTX));
    t(() => buildTrc20Transfer({ from: alice.base58, contract: USDT, to: bob.base58, amount: 1n, feeLimit: 0n }, CTX));
    t(() => buildVote({ owner: alice.base58, votes: [] }, CTX));
    t(() => buildVote({ owner: alice.base58, votes: [{ witness: bob.base58, count: 1n }, { witness: bob.base58, count: 2n }] }, CTX));
    t(() => buildDelegate({ owner: alice.base58, receiver: bob.base58, amount: 1n, resource: 'CPU' as 'ENERGY' }, CTX));
    t(() => operationsMask(['NoSuchContract']));
    t(() => buildAccountPermissionUpdate({ owner: alice.base58, ownerPermission: { name: 'owner', threshold: 2, keys: [{ address: alice.base58, weight: 1 }] }, actives: [] }, CTX));
  });

  it('gives two identical transfers distinct txIDs only through the timestamp (why it is required)', () => {
    const input = { from: alice.base58, to: bob.base58, amount: 1n };
    expect(buildTrxTransfer(input, CTX).txID).toBe(buildTrxTransfer(input, CTX).txID);
    expect(buildTrxTransfer(input, { ...CTX, timestamp: CTX.timestamp + 1 }).txID).not.toBe(buildTrxTransfer(input, CTX).txID);
  });
});

describe('signing, verifying and decoding', () => {
  const tx = buildTrxTransfer({ from: alice.base58, to: bob.base58, amount: 42n }, { ...CTX, permissionId: 2, memo: 'payout 17' });

  it('signs, recovers the signers of a multisig transaction, and serializes for broadcasthex', () => {
    const signed = signTransaction(signTransaction(tx, alice.privateKey), bob.privateKey);
    expect(transactionSigners(signed)).toEqual([alice.base58, bob.base58]);
    expect(verifyTransactionSignatures(signed, [bob.base58, alice.base58])).toBe(true);
    expect(verifyTransactionSignatures(signed, [generateAccount().base58])).toBe(false);
    expect(verifyTransactionSignatures({ ...signed, signature: [...signed.signature, '00'.repeat(65)] }, [alice.base58])).toBe(false);
    const hex = toBroadcastHex(signed);
    expect(hex.startsWith('0a')).toBe(true);
    expect(hex).toContain(signed.signature[1]);
  });

  it('decodes from the signed bytes, and refuses a txID that is not their hash or edited bytes', () => {
    const decoded = decodeTransaction(tx);
    expect(decoded.contractType).toBe('TransferContract');
    expect(decoded.rawData.contract[0]).toMatchObject({ Permission_id: 2, parameter: { value: { amount: 42, to_address: bob.address } } });
    expect(Buffer.from(decoded.rawData.data as string, 'hex').toString()).toBe('payout 17');
    expect(() => signTransaction({ ...tx, txID: '00'.repeat(32) }, alice.privateKey)).toThrow(/sha256/);
    const edited = tx.raw_data_hex.replace(bob.address.slice(2), alice.address.slice(2));
    expect(() => decodeTransaction({ ...tx, raw_data_hex: edited })).toThrow(TransactionBuildError);
    expect(() => decodeTransaction({ txID: 'aa', raw_data_hex: 'zz' })).toThrow(/not hex/);
  });

  it('builds any other contract through the generic builder', () => {
    const generic = buildTransaction('TransferContract', { owner_address: alice.address, to_address: bob.address, amount: 42 }, { ...CTX, permissionId: 2, memo: 'payout 17' });
    expect(generic.txID).toBe(tx.txID);
  });
});
