import { accountFromPrivateKey, generateAccount } from '@tronpay/tron';
import { startTestDevnet, get, mine, post, tronWebFor } from '../e2e/devnet-test-kit';
import type { RunningDevnet } from '../devnet';

/** The admin API of ../shared/design/API.md over HTTP, as operators and the TRE-style tooling call it. */
describe('devnet admin API', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet({ accounts: 4, accountTrx: 5_000 });
  });
  afterAll(() => devnet.close());

  it('GET /admin/accounts-json lists the pre-funded accounts\' private keys (TRE-compatible)', async () => {
    const json = await get<{ privateKeys: string[] }>(devnet, '/admin/accounts-json');
    expect(json.privateKeys).toEqual(devnet.accounts.map((a) => a.privateKey));
    const tw = tronWebFor(devnet);
    for (const key of json.privateKeys) {
      expect(await tw.trx.getBalance(accountFromPrivateKey(key).base58)).toBe(5_000 * 1_000_000);
    }
  });

  it('GET /admin/temporary-accounts-generation?accounts=N makes N new accounts funded like the pre-funded ones', async () => {
    const made = await get<{ privateKeys: string[] }>(devnet, '/admin/temporary-accounts-generation?accounts=3');
    expect(made.privateKeys).toHaveLength(3);
    const known = new Set(devnet.accounts.map((a) => a.privateKey));
    expect(made.privateKeys.some((k) => known.has(k))).toBe(false);
    await mine(devnet);
    const tw = tronWebFor(devnet);
    for (const key of made.privateKeys) {
      expect(await tw.trx.getUnconfirmedBalance(accountFromPrivateKey(key).base58)).toBe(5_000 * 1_000_000);
    }
    const refused = await get(devnet, '/admin/temporary-accounts-generation?accounts=0');
    expect(String(refused.Error)).toMatch(/^class [\w.]+ : /);
  });

  it('POST /admin/fund sends whole TRX and USDT as ordinary on-chain transfers', async () => {
    const target = generateAccount();
    const funded = await post<{ txids: string[] }>(devnet, '/admin/fund', { address: target.base58, trx: '12.5', usdt: '3' });
    expect(funded.txids).toHaveLength(2);
    await mine(devnet);
    const tw = tronWebFor(devnet);
    expect(await tw.trx.getUnconfirmedBalance(target.base58)).toBe(12_500_000);
    const usdt = await tw.contract().at(devnet.usdt.base58);
    expect(BigInt((await usdt.methods.balanceOf(target.base58).call({ from: devnet.accounts[0].base58 })).toString())).toBe(3_000_000n);
    const [trxInfo, usdtInfo] = await Promise.all(funded.txids.map((id) => post(devnet, '/wallet/gettransactioninfobyid', { value: id })));
    expect(trxInfo.blockNumber).toBe(devnet.node.chain.head().number);
    expect((usdtInfo.receipt as { result: string }).result).toBe('SUCCESS');

    expect(String((await post(devnet, '/admin/fund', { address: 'nobody', trx: '1' })).Error)).toMatch(/^class [\w.]+ : /);
    expect(String((await post(devnet, '/admin/fund', { address: target.base58, trx: 'lots' })).Error)).toMatch(/^class [\w.]+ : /);
  });

  it('POST /admin/mine {blocks} produces that many blocks and GET /admin/info reports the heights', async () => {
    const before = await get<{ headBlock: number }>(devnet, '/admin/info');
    const mined = await post<{ blocks: unknown[]; headBlock: number; solidBlock: number }>(devnet, '/admin/mine', { blocks: 5 });
    expect(mined.blocks).toHaveLength(5);
    expect(mined.headBlock).toBe(before.headBlock + 5);
    const info = await get(devnet, '/admin/info');
    expect(info).toMatchObject({ usdtContract: devnet.usdt.base58, blockMs: 0, solidLag: 2, headBlock: before.headBlock + 5, solidBlock: before.headBlock + 3 });
    expect(info.chainId).toMatch(/^0x[0-9a-f]{8}$/);
    expect(String((await post(devnet, '/admin/mine', { blocks: 0 })).Error)).toMatch(/^class [\w.]+ : /);
  });
});
