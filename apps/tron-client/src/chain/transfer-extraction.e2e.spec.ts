import { createTronWeb, extractBlockTransfers, type BlockJson, type NormalizedTransfer, type TransactionInfoJson } from '@tronpay/tron';
import { startDevnetProcess, type DevnetAccount, type DevnetProcess } from '@tronpay/testing';

const FEE_LIMIT = 100_000_000;

describe('transfer extraction over devnet blocks (java-tron JSON, unmodified tronweb)', () => {
  let devnet: DevnetProcess;
  let accounts: DevnetAccount[];
  let usdt: string;

  beforeAll(async () => {
    devnet = await startDevnetProcess();
    accounts = await devnet.accounts();
    usdt = (await devnet.info()).usdtContract;
  }, 90_000);
  afterAll(() => devnet?.close());

  async function post<T>(route: string, body: unknown): Promise<T> {
    const res = await fetch(devnet.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as T;
  }

  /** Mines one block and extracts it the way the scanner does: getblockbynum + gettransactioninfobyblocknum. */
  async function mineAndExtract() {
    const num = (await devnet.mine()).headBlock;
    const block = await post<BlockJson>('/wallet/getblockbynum', { num });
    const infos = await post<TransactionInfoJson[]>('/wallet/gettransactioninfobyblocknum', { num });
    return { num, block, ...extractBlockTransfers(block, infos) };
  }

  const of = (transfers: NormalizedTransfer[], txId: string) => transfers.filter((t) => t.txId === txId);

  it('finds TRX, USDT, transferFrom (payer = from) and a fake "USDT" under its own contract, all in one block', async () => {
    const [alice, bob, carol, dave] = accounts;
    const twAlice = createTronWeb(devnet.url, alice.privateKey);
    const twBob = createTronWeb(devnet.url, bob.privateKey);
    const fake = await devnet.createToken({ name: 'Tether USD', symbol: 'USDT', decimals: 6, supply: '1000', owner: alice.address });
    const usdtAlice = await twAlice.contract().at(usdt);
    await usdtAlice.methods.approve(bob.address, 4_000_000).send({ feeLimit: FEE_LIMIT });
    await devnet.mine();

    const trx = (await twAlice.trx.sendTransaction(carol.address, 1_234_567)) as unknown as { txid: string };
    const usdtTx: string = await usdtAlice.methods.transfer(dave.address, 2_500_000).send({ feeLimit: FEE_LIMIT });
    const usdtBob = await twBob.contract().at(usdt);
    const pulled: string = await usdtBob.methods.transferFrom(alice.address, carol.address, 3_000_000).send({ feeLimit: FEE_LIMIT });
    const fakeAlice = await twAlice.contract().at(fake);
    const fakeTx: string = await fakeAlice.methods.transfer(dave.address, 9_000_000).send({ feeLimit: FEE_LIMIT });

    const { num, transfers, skipped } = await mineAndExtract();
    expect(skipped).toEqual([]);
    const common = { blockNumber: num, status: 'SUCCESS', blockTime: expect.any(Number) };
    expect(of(transfers, trx.txid)).toEqual([
      { txId: trx.txid, logIndex: -1, token: { kind: 'TRX' }, from: alice.address, to: carol.address, amount: 1_234_567n, ...common },
    ]);
    expect(of(transfers, usdtTx)).toEqual([
      { txId: usdtTx, logIndex: 0, token: { kind: 'TRC20', contract: usdt }, from: alice.address, to: dave.address, amount: 2_500_000n, ...common },
    ]);
    expect(of(transfers, pulled)).toEqual([
      { txId: pulled, logIndex: 0, token: { kind: 'TRC20', contract: usdt }, from: alice.address, to: carol.address, amount: 3_000_000n, ...common },
    ]);
    expect(of(transfers, fakeTx)).toEqual([
      { txId: fakeTx, logIndex: 0, token: { kind: 'TRC20', contract: fake }, from: alice.address, to: dave.address, amount: 9_000_000n, ...common },
    ]);
    expect(fake).not.toBe(usdt);
    expect(transfers).toHaveLength(4);
  });

  it('reports no SUCCESS transfer for a REVERT or an OUT_OF_ENERGY USDT transfer naming a watched address', async () => {
    const [, , , , erin, frank] = accounts;
    const tw = createTronWeb(devnet.url, erin.privateKey);
    const token = await tw.contract().at(usdt);
    const reverted: string = await token.methods.transfer(frank.address, 10n ** 15n).send({ feeLimit: FEE_LIMIT });
    const starved: string = await token.methods.transfer(frank.address, 1_000_000).send({ feeLimit: 1_000_000 });

    const { block, transfers } = await mineAndExtract();
    const contractRet = (txId: string) => block.transactions?.find((t) => t.txID === txId)?.ret?.[0]?.contractRet;
    expect([contractRet(reverted), contractRet(starved)]).toEqual(['REVERT', 'OUT_OF_ENERGY']);
    expect(of(transfers, reverted)).toEqual([]);
    expect(of(transfers, starved)).toEqual([]);
    expect(transfers.filter((t) => t.to === frank.address && t.status === 'SUCCESS')).toEqual([]);
  });
});
