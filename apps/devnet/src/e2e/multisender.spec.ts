import { startTestDevnet, get, mine, post, tronWebFor } from './devnet-test-kit';
import type { RunningDevnet } from '../devnet';
import type { TronWeb } from '@tronpay/tron';

const TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const word = (hex: string) => hex.padStart(64, '0');

describe('devnet built-in multisender: multiTransfer(token, recipients[], amounts[]) by transferFrom', () => {
  let devnet: RunningDevnet;
  let multisender: { contractAddress: string; contractAddressHex: string };

  beforeAll(async () => {
    devnet = await startTestDevnet();
    multisender = await post(devnet, '/admin/multisender', {});
  });
  afterAll(() => devnet.close());

  const balanceOf = async (tw: TronWeb, holder: string) => {
    const usdt = await tw.contract().at(devnet.usdt.base58);
    return BigInt((await usdt.methods.balanceOf(holder).call()).toString());
  };
  const multiTransfer = async (tw: TronWeb, from: string, recipients: string[], amounts: bigint[]) => {
    const { transaction } = await tw.transactionBuilder.triggerSmartContract(
      multisender.contractAddress,
      'multiTransfer(address,address[],uint256[])',
      { feeLimit: 500_000_000 },
      [
        { type: 'address', value: devnet.usdt.base58 },
        { type: 'address[]', value: recipients },
        { type: 'uint256[]', value: amounts.map(String) },
      ],
      from,
    );
    const sent = await tw.trx.sendRawTransaction(await tw.trx.sign(transaction));
    expect(sent.result).toBe(true);
    return transaction.txID;
  };

  it('is a contract with the multiTransfer ABI', async () => {
    expect(multisender.contractAddress).toMatch(/^T/);
    const contract = await get(devnet, `/wallet/getcontract?value=${multisender.contractAddressHex}`);
    expect(contract).toMatchObject({ contract_address: multisender.contractAddressHex, abi: { entrys: [expect.objectContaining({ name: 'multiTransfer' })] } });
  });

  it('moves the approved USDT to each recipient in order: one Transfer log each, emitted by the token, payer = the sender', async () => {
    const [alice, bob, carol] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const fresh = await tw.createAccount();
    const usdt = await tw.contract().at(devnet.usdt.base58);
    await usdt.methods.approve(multisender.contractAddress, 10_000_000).send({ feeLimit: 100_000_000 });
    const before = await Promise.all([alice.base58, bob.base58, carol.base58].map((a) => balanceOf(tw, a)));

    const recipients = [bob.base58, carol.base58, fresh.address.base58];
    const txid = await multiTransfer(tw, alice.base58, recipients, [1_000_000n, 2_000_000n, 3_000_000n]);
    await mine(devnet);

    const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
    expect(info.receipt.result).toBe('SUCCESS');
    expect(info.contract_address).toBe(multisender.contractAddressHex);
    expect(info.log).toEqual(
      [bob.address, carol.address, fresh.address.hex.toLowerCase()].map((to, i) => ({
        address: devnet.usdt.hex.slice(2),
        topics: [TRANSFER_TOPIC, word(alice.address.slice(2)), word(to.slice(2))],
        data: word((1_000_000 * (i + 1)).toString(16)),
      })),
    );
    // Energy: the multisender's own 3,000 + per transfer 2,600 and a transferFrom (to a holder, to a new holder).
    const transferFrom = (toNew: boolean) => (toNew ? 130_285 : 64_285) + 22_000 + 2_600;
    expect(info.receipt.energy_usage_total).toBe(3_000 + transferFrom(false) * 2 + transferFrom(true));
    expect(await Promise.all([alice.base58, bob.base58, carol.base58].map((a) => balanceOf(tw, a)))).toEqual([
      before[0] - 6_000_000n,
      before[1] + 1_000_000n,
      before[2] + 2_000_000n,
    ]);
    expect(await balanceOf(tw, fresh.address.base58)).toBe(3_000_000n);
    const allowance = BigInt((await usdt.methods.allowance(alice.base58, multisender.contractAddress).call()).toString());
    expect(allowance).toBe(4_000_000n);
  });

  it('reverts the whole transaction, with no logs and nothing moved, when one transfer exceeds the allowance', async () => {
    const [, , , dave, erin, frank] = devnet.accounts;
    const tw = tronWebFor(devnet, dave.privateKey);
    const usdt = await tw.contract().at(devnet.usdt.base58);
    await usdt.methods.approve(multisender.contractAddress, 5_000_000).send({ feeLimit: 100_000_000 });
    const before = await Promise.all([dave.base58, erin.base58, frank.base58].map((a) => balanceOf(tw, a)));

    const txid = await multiTransfer(tw, dave.base58, [erin.base58, frank.base58], [3_000_000n, 3_000_000n]);
    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
    expect(info).toMatchObject({ result: 'FAILED', receipt: { result: 'REVERT' } });
    expect(info.log).toBeUndefined();
    expect(await Promise.all([dave.base58, erin.base58, frank.base58].map((a) => balanceOf(tw, a)))).toEqual(before);
    const allowance = BigInt((await usdt.methods.allowance(dave.base58, multisender.contractAddress).call()).toString());
    expect(allowance).toBe(5_000_000n);
  });

  it('reverts without an approval, and for recipients and amounts of different lengths', async () => {
    const [, , , , , , grace, heidi] = devnet.accounts;
    const tw = tronWebFor(devnet, grace.privateKey);
    const unapproved = await multiTransfer(tw, grace.base58, [heidi.base58], [1n]);
    const usdt = await tw.contract().at(devnet.usdt.base58);
    await usdt.methods.approve(multisender.contractAddress, 100).send({ feeLimit: 100_000_000 });
    const mismatched = await multiTransfer(tw, grace.base58, [heidi.base58], [1n, 2n]);
    await mine(devnet);
    for (const txid of [unapproved, mismatched]) {
      const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
      expect(info.receipt.result).toBe('REVERT');
      expect(info.log).toBeUndefined();
    }
  });
});
