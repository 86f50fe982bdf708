import { sha256Hex } from '@tronpay/tron';
import { bandwidthBytes, startTestDevnet, get, mine, post, tronWebFor } from './devnet-test-kit';
import type { RunningDevnet } from '../devnet';

describe('devnet with unmodified tronweb: TRC20 (USDT)', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet();
  });
  afterAll(() => devnet.close());

  it('transfers USDT: 130,285 energy to a new holder, 64,285 to an existing one, at 100 SUN, with a java-tron Transfer log', async () => {
    const [alice, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const usdt = await tw.contract().at(devnet.usdt.base58);
    const fresh = await tw.createAccount();

    const decimals = await usdt.methods.decimals().call();
    expect(Number(decimals)).toBe(6);
    const trxBefore = await tw.trx.getUnconfirmedBalance(alice.base58);

    const toNew = await usdt.methods.transfer(fresh.address.base58, 10_000_000).send({ feeLimit: 100_000_000 });
    const toOld = await usdt.methods.transfer(bob.base58, 2_500_000).send({ feeLimit: 100_000_000 });
    await mine(devnet);

    const newInfo = await tw.trx.getUnconfirmedTransactionInfo(toNew);
    expect(newInfo.receipt).toMatchObject({ energy_usage_total: 130_285, energy_fee: 13_028_500, result: 'SUCCESS' });
    const oldInfo = await tw.trx.getUnconfirmedTransactionInfo(toOld);
    expect(oldInfo.receipt).toMatchObject({ energy_usage_total: 64_285, energy_fee: 6_428_500, result: 'SUCCESS' });
    expect(oldInfo.contractResult).toEqual(['0000000000000000000000000000000000000000000000000000000000000001']);
    expect(oldInfo.contract_address).toBe(devnet.usdt.hex);
    expect(oldInfo.log).toEqual([
      {
        address: devnet.usdt.hex.slice(2),
        topics: [
          'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
          '000000000000000000000000' + alice.address.slice(2),
          '000000000000000000000000' + bob.address.slice(2),
        ],
        data: (2_500_000).toString(16).padStart(64, '0'),
      },
    ]);
    // Bandwidth: the first transfer fits alice's 600 free bytes, the second no longer does and burns 1,000 SUN a byte.
    const [newBytes, oldBytes] = await Promise.all([toNew, toOld].map((txid) => signedBytes(txid)));
    expect(newBytes + oldBytes).toBeGreaterThan(600);
    expect(newInfo.receipt.net_usage).toBe(newBytes);
    expect(newInfo.receipt.net_fee).toBeUndefined();
    expect(oldInfo.receipt.net_usage).toBeUndefined();
    expect(oldInfo.receipt.net_fee).toBe(oldBytes * 1000);
    const fees = (newInfo.fee as number) + (oldInfo.fee as number);
    expect(newInfo.fee).toBe(13_028_500);
    expect(oldInfo.fee).toBe(6_428_500 + oldBytes * 1000);
    expect(await tw.trx.getUnconfirmedBalance(alice.base58)).toBe(trxBefore - fees);

    const balance = await usdt.methods.balanceOf(fresh.address.base58).call();
    expect(BigInt(balance.toString())).toBe(10_000_000n);
  });

  /** Bandwidth of a broadcast transaction, from the bytes that hash to its txid. */
  async function signedBytes(txid: string): Promise<number> {
    const tx = await post<{ raw_data_hex: string; signature: string[] }>(devnet, '/wallet/gettransactionbyid', { value: txid });
    expect(sha256Hex(Buffer.from(tx.raw_data_hex, 'hex'))).toBe(txid);
    return bandwidthBytes(tx);
  }

  it('includes a failing transfer in a block with contractRet REVERT, no logs, energy charged', async () => {
    const [, , carol, dave] = devnet.accounts;
    const tw = tronWebFor(devnet, carol.privateKey);
    const usdt = await tw.contract().at(devnet.usdt.base58);
    const txid = await usdt.methods.transfer(dave.base58, 10n ** 15n).send({ feeLimit: 100_000_000 });
    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
    expect(info).toMatchObject({ result: 'FAILED', receipt: { result: 'REVERT', energy_usage_total: 4_406, energy_fee: 440_600 } });
    expect(info.receipt.net_usage).toBe(await signedBytes(txid));
    expect(info.fee).toBe(440_600);
    expect(tw.toUtf8(info.resMessage as string)).toBe('REVERT opcode executed');
    expect(info.log).toBeUndefined();
    const tx = await tw.trx.getTransaction(txid);
    expect(tx.ret?.[0].contractRet).toBe('REVERT');
  });

  it('gives OUT_OF_ENERGY when fee_limit cannot buy the energy, charging the whole limit', async () => {
    const [, , , , erin, frank] = devnet.accounts;
    const tw = tronWebFor(devnet, erin.privateKey);
    const usdt = await tw.contract().at(devnet.usdt.base58);
    const before = BigInt((await usdt.methods.balanceOf(erin.base58).call()).toString());
    const txid = await usdt.methods.transfer(frank.base58, 1_000_000).send({ feeLimit: 1_000_000 });
    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
    expect(info).toMatchObject({ result: 'FAILED', receipt: { result: 'OUT_OF_ENERGY', energy_usage_total: 10_000, energy_fee: 1_000_000 } });
    // fee_limit caps the energy burn; bandwidth is charged on top (erin's first transaction: free bytes).
    expect(info.receipt.net_usage).toBe(await signedBytes(txid));
    expect(info.fee).toBe(1_000_000);
    expect(tw.toUtf8(info.resMessage as string)).toContain('Not enough energy');
    expect(BigInt((await usdt.methods.balanceOf(erin.base58).call()).toString())).toBe(before);
  });

  it('answers estimateenergy, triggerconstantcontract and getcontract like java-tron', async () => {
    const [alice, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const estimate = await tw.transactionBuilder.estimateEnergy(devnet.usdt.base58, 'transfer(address,uint256)', {}, [
      { type: 'address', value: bob.base58 },
      { type: 'uint256', value: 1 },
    ], alice.base58);
    expect(estimate.energy_required).toBe(64_285);
    const contract = await get(devnet, `/wallet/getcontract?value=${devnet.usdt.hex}`);
    expect(contract).toMatchObject({ contract_address: devnet.usdt.hex, abi: { entrys: expect.any(Array) } });
    expect(await get(devnet, `/wallet/getcontract?value=${bob.address}`)).toEqual({});
  });

  it('makes other TRC20s with POST /admin/trc20 (a fake "USDT" is a different contract)', async () => {
    const [alice, bob] = devnet.accounts;
    const made = await post<{ contractAddress: string }>(devnet, '/admin/trc20', { name: 'Tether USD', symbol: 'USDT', decimals: 6, supply: '500' });
    expect(made.contractAddress).not.toBe(devnet.usdt.base58);
    const tw = tronWebFor(devnet, alice.privateKey);
    const fake = await tw.contract().at(made.contractAddress);
    expect(BigInt((await fake.methods.balanceOf(alice.base58).call()).toString())).toBe(500_000_000n);
    await fake.methods.approve(bob.base58, 7).send({ feeLimit: 100_000_000 });
    expect(BigInt((await fake.methods.allowance(alice.base58, bob.base58).call()).toString())).toBe(7n);
    const twBob = tronWebFor(devnet, bob.privateKey);
    const fakeBob = await twBob.contract().at(made.contractAddress);
    await fakeBob.methods.transferFrom(alice.base58, bob.base58, 5).send({ feeLimit: 100_000_000 });
    expect(BigInt((await fake.methods.allowance(alice.base58, bob.base58).call()).toString())).toBe(2n);
    expect(BigInt((await fake.methods.balanceOf(bob.base58).call()).toString())).toBe(5n);
  });
});
