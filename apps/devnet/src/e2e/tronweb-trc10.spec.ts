import { startTestDevnet, get, mine, post, tronWebFor } from './devnet-test-kit';
import type { RunningDevnet } from '../devnet';

interface AccountJson {
  balance?: number;
  assetV2?: Array<{ key: string; value: number }>;
  asset_issued_name?: string;
  asset_issued_ID?: string;
}

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

describe('devnet with unmodified tronweb: TRC10 (AssetIssueContract, TransferAssetContract)', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet();
  });
  afterAll(() => devnet.close());

  const account = (address: string) => post<AccountJson>(devnet, '/wallet/getaccount', { address });
  const assetBalance = async (address: string, id: string) => (await account(address)).assetV2?.find((a) => a.key === id)?.value ?? 0;

  it('issues an asset with tronweb createToken: the next numeric id, the supply to the owner, 1,024 TRX burned', async () => {
    const [alice] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const before = (await account(alice.address)).balance ?? 0;
    const unsigned = await tw.transactionBuilder.createToken(
      {
        name: 'USDT',
        abbreviation: 'USDT',
        description: 'not Tether',
        url: 'https://example.org',
        totalSupply: 1_000_000_000_000,
        precision: 6,
        trxRatio: 1,
        tokenRatio: 1,
        saleStart: Date.now() + 600_000,
        saleEnd: Date.now() + 86_400_000,
      },
      alice.base58,
    );
    const sent = await tw.trx.sendRawTransaction(await tw.trx.sign(unsigned));
    expect(sent.result).toBe(true);
    await mine(devnet);

    const info = await tw.trx.getUnconfirmedTransactionInfo(sent.transaction.txID);
    const assetId = (info as unknown as { assetIssueID: string }).assetIssueID;
    expect(assetId).toMatch(/^100\d{4}$/);
    expect(info.fee).toBe(1_024_000_000 + ((info.receipt.net_fee as number | undefined) ?? 0));
    const after = await account(alice.address);
    expect(after.balance).toBe(before - (info.fee as number));
    expect(after.assetV2).toEqual([{ key: assetId, value: 1_000_000_000_000 }]);
    expect(after.asset_issued_name).toBe(hex('USDT'));
    expect(after.asset_issued_ID).toBe(hex(assetId));
    expect(await post(devnet, '/wallet/getassetissuebyid', { value: assetId })).toMatchObject({
      id: assetId,
      owner_address: alice.address,
      name: hex('USDT'),
      abbr: hex('USDT'),
      total_supply: 1_000_000_000_000,
      precision: 6,
    });

    // java-tron: one asset per account.
    const again = await tw.transactionBuilder.createToken(
      { name: 'USDT2', abbreviation: 'U2', url: 'https://example.org', totalSupply: 5, trxRatio: 1, tokenRatio: 1, saleStart: Date.now() + 600_000, saleEnd: Date.now() + 86_400_000 },
      alice.base58,
    );
    const refused = await tw.trx.sendRawTransaction(await tw.trx.sign(again));
    expect(refused).toMatchObject({ code: 'CONTRACT_VALIDATE_ERROR' });
    expect(tw.toUtf8(refused.message as string)).toBe('contract validate error : An account can only issue one asset');
  });

  it('sends an asset with tronweb sendToken (asset_name = the id, hex on the wire) and creates the receiving account', async () => {
    const [, bob] = devnet.accounts;
    const { assetId } = await post<{ assetId: string }>(devnet, '/admin/trc10', { name: 'Gold', abbr: 'GLD', precision: 2, supply: '1000', owner: bob.base58 });
    expect(await assetBalance(bob.address, assetId)).toBe(100_000);
    const tw = tronWebFor(devnet, bob.privateKey);
    const fresh = await tw.createAccount();
    const before = (await account(bob.address)).balance ?? 0;

    const sent = (await tw.trx.sendToken(fresh.address.base58, 2_500, assetId)) as unknown as { result: boolean; txid: string };
    expect(sent.result).toBe(true);
    const { blocks } = await post<{ blocks: Array<{ number: number }> }>(devnet, '/admin/mine', { blocks: 1 });
    expect(await assetBalance(fresh.address.hex.toLowerCase(), assetId)).toBe(2_500);
    expect(await assetBalance(bob.address, assetId)).toBe(97_500);

    const block = await post<{ transactions: Array<{ txID: string; raw_data: { contract: Array<{ type: string; parameter: { value: Record<string, unknown> } }> } }> }>(
      devnet,
      '/wallet/getblockbynum',
      { num: blocks[0].number },
    );
    const tx = block.transactions.find((t) => t.txID === sent.txid);
    expect(tx?.raw_data.contract[0]).toMatchObject({
      type: 'TransferAssetContract',
      parameter: { value: { asset_name: hex(assetId), owner_address: bob.address, to_address: fresh.address.hex.toLowerCase(), amount: 2_500 } },
    });
    // A new account costs the 1 TRX creation fee, as for a TRX transfer.
    const info = await tw.trx.getUnconfirmedTransactionInfo(sent.txid);
    expect(info.fee).toBe(1_000_000 + ((info.receipt.net_fee as number | undefined) ?? 0));
    expect((await account(bob.address)).balance).toBe(before - (info.fee as number));
  });

  it('builds transferasset on the server and refuses what java-tron refuses', async () => {
    const [, , carol, dave] = devnet.accounts;
    const { assetId } = await post<{ assetId: string }>(devnet, '/admin/trc10', { name: 'Silver', precision: 0, supply: '10', owner: carol.base58 });
    const tw = tronWebFor(devnet, carol.privateKey);
    const built = await post<Record<string, unknown>>(devnet, '/wallet/transferasset', {
      owner_address: carol.address,
      to_address: dave.address,
      asset_name: hex(assetId),
      amount: 4,
    });
    expect(built.txID).toMatch(/^[0-9a-f]{64}$/);
    const sent = await tw.trx.sendRawTransaction(await tw.trx.sign(built as never));
    expect(sent.result).toBe(true);
    expect(await assetBalance(dave.address, assetId)).toBe(4);

    const refuse = async (body: Record<string, unknown>) =>
      (await post<{ Error?: string }>(devnet, '/wallet/transferasset', { owner_address: carol.address, to_address: dave.address, ...body })).Error;
    expect(await refuse({ asset_name: hex(assetId), amount: 7 })).toContain('assetBalance is not sufficient.');
    expect(await refuse({ asset_name: hex('9999999'), amount: 1 })).toContain('No asset!');
    expect(await refuse({ asset_name: hex(assetId), amount: 0 })).toContain('Amount must be greater than 0.');
    expect(await get(devnet, `/wallet/getassetissuebyid?value=9999999`)).toEqual({});
  });

  it('builds createassetissue on the server (visible=true texts), validated as java-tron does', async () => {
    const [, , , , erin] = devnet.accounts;
    const now = Date.now();
    const issue = (body: Record<string, unknown>) =>
      post<Record<string, unknown> & { Error?: string }>(devnet, '/wallet/createassetissue', {
        owner_address: erin.base58,
        name: 'Copper',
        abbr: 'CU',
        url: 'https://example.org',
        total_supply: 1_000,
        trx_num: 1,
        num: 1,
        start_time: now + 600_000,
        end_time: now + 86_400_000,
        visible: true,
        ...body,
      });
    expect((await issue({ start_time: now - 600_000 })).Error).toContain('Start time should be greater than HeadBlockTime');
    expect((await issue({ precision: 7 })).Error).toContain('precision cannot exceed 6');
    expect((await issue({ name: 'trx' })).Error).toContain("assetName can't be trx");
    const built = await issue({});
    const tw = tronWebFor(devnet, erin.privateKey);
    const sent = await tw.trx.sendRawTransaction(await tw.trx.sign(built as never));
    expect(sent.result).toBe(true);
    await mine(devnet);
    const info = (await tw.trx.getUnconfirmedTransactionInfo(built.txID as string)) as unknown as { assetIssueID: string };
    expect(await assetBalance(erin.address, info.assetIssueID)).toBe(1_000);
  });
});
