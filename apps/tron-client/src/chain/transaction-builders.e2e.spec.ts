import {
  buildAccountPermissionUpdate,
  buildDelegate,
  buildFreeze,
  buildTrc20Transfer,
  buildTrxTransfer,
  buildUndelegate,
  buildUnfreeze,
  buildVote,
  buildWithdrawExpireUnfreeze,
  buildWithdrawRewards,
  referenceBlockOf,
  signTransaction,
  toBroadcastHex,
  type BlockJson,
  type BuildContext,
  type SignedTransaction,
  type TransactionInfoJson,
  type UnsignedTransaction,
} from '@tronpay/tron';
import { startDevnetProcess, type DevnetAccount, type DevnetProcess } from '@tronpay/testing';

const TRX = 1_000_000n;
const DAY_MS = 24 * 3600_000;

interface BroadcastAnswer {
  result?: boolean;
  code?: string;
  txid?: string;
}

describe('transactions built offline by libs/tron, signed, accepted by the devnet broadcast', () => {
  let devnet: DevnetProcess;
  let accounts: DevnetAccount[];
  let usdt: string;
  let clock = Date.now();

  beforeAll(async () => {
    devnet = await startDevnetProcess();
    accounts = await devnet.accounts();
    usdt = (await devnet.info()).usdtContract;
  }, 90_000);
  afterAll(() => devnet?.close());

  async function post<T>(route: string, body: unknown = {}): Promise<T> {
    const res = await fetch(devnet.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as T;
  }

  /** Mines, moving the chain's clock on by advanceMs first (unstaking delays, expirations). */
  const mine = (blocks = 1, advanceMs = 0) => post('/admin/mine', { blocks, advanceMs });

  /** A fresh reference block and a distinct timestamp, as a payout job would take them. */
  async function context(): Promise<BuildContext> {
    const head = await post<BlockJson>('/wallet/getnowblock');
    return { ref: referenceBlockOf(head), timestamp: ++clock };
  }

  const broadcastJson = (tx: SignedTransaction) => post<BroadcastAnswer>('/wallet/broadcasttransaction', tx);
  const broadcastHex = (tx: SignedTransaction) => post<BroadcastAnswer>('/wallet/broadcasthex', { transaction: toBroadcastHex(tx) });

  /** Signs, broadcasts, mines, and returns the transaction's result in its block. */
  async function land(tx: UnsignedTransaction, ...keys: string[]): Promise<{ contractRet?: string; info: TransactionInfoJson }> {
    const signed = keys.reduce<UnsignedTransaction>((t, k) => signTransaction(t, k), tx) as SignedTransaction;
    const answer = await broadcastJson(signed);
    expect(answer).toMatchObject({ result: true, txid: tx.txID });
    await mine();
    const onChain = await post<{ ret?: Array<{ contractRet?: string }> }>('/wallet/gettransactionbyid', { value: tx.txID });
    const info = await post<TransactionInfoJson>('/wallet/gettransactioninfobyid', { value: tx.txID });
    return { contractRet: onChain.ret?.[0]?.contractRet, info };
  }

  it('TRX transfer and USDT transfer (TriggerSmartContract with fee_limit) succeed; broadcasthex takes the same bytes', async () => {
    const [alice, bob, carol] = accounts;
    const trx = await land(buildTrxTransfer({ from: alice.address, to: bob.address, amount: 3n * TRX }, await context()), alice.privateKey);
    expect(trx.contractRet).toBe('SUCCESS');

    const usdtTx = buildTrc20Transfer({ from: alice.address, contract: usdt, to: carol.address, amount: 1_250_000n, feeLimit: 100n * TRX }, await context());
    const landed = await land(usdtTx, alice.privateKey);
    expect(landed.contractRet).toBe('SUCCESS');
    expect(landed.info.receipt?.result).toBe('SUCCESS');
    expect(landed.info.log).toHaveLength(1);

    const viaHex = signTransaction(buildTrxTransfer({ from: alice.address, to: carol.address, amount: 1n }, await context()), alice.privateKey);
    expect(await broadcastHex(viaHex)).toMatchObject({ result: true, txid: viaHex.txID });
    expect(await broadcastHex(viaHex)).toMatchObject({ code: 'DUP_TRANSACTION_ERROR' });
  });

  it('Stake 2.0: freeze, delegate, undelegate, unfreeze, withdraw after the delay', async () => {
    const [, bob, , dave] = accounts;
    expect((await land(buildFreeze({ owner: dave.address, amount: 2_000n * TRX, resource: 'ENERGY' }, await context()), dave.privateKey)).contractRet).toBe('SUCCESS');
    expect((await land(buildFreeze({ owner: dave.address, amount: 100n * TRX, resource: 'BANDWIDTH' }, await context()), dave.privateKey)).contractRet).toBe('SUCCESS');
    const lend = { owner: dave.address, receiver: bob.address, amount: 500n * TRX, resource: 'ENERGY' as const };
    expect((await land(buildDelegate(lend, await context()), dave.privateKey)).contractRet).toBe('SUCCESS');
    const bobResources = await post<{ EnergyLimit?: number }>('/wallet/getaccountresource', { address: bob.address, visible: true });
    expect(bobResources.EnergyLimit ?? 0).toBeGreaterThan(0);
    expect((await land(buildUndelegate(lend, await context()), dave.privateKey)).contractRet).toBe('SUCCESS');
    expect((await land(buildUnfreeze({ owner: dave.address, amount: 10n * TRX, resource: 'ENERGY' }, await context()), dave.privateKey)).contractRet).toBe('SUCCESS');

    await mine(1, 14 * DAY_MS);
    const withdrawn = await land(buildWithdrawExpireUnfreeze({ owner: dave.address }, await context()), dave.privateKey);
    expect(withdrawn.contractRet).toBe('SUCCESS');
    expect((withdrawn.info as { withdraw_expire_amount?: number }).withdraw_expire_amount).toBe(Number(10n * TRX));
  });

  it('votes for witnesses and claims the rewards', async () => {
    const [, , , , erin] = accounts;
    await land(buildFreeze({ owner: erin.address, amount: 1_000n * TRX, resource: 'ENERGY' }, await context()), erin.privateKey);
    const { witnesses } = await post<{ witnesses: Array<{ address: string }> }>('/wallet/listwitnesses');
    const votes = [
      { witness: witnesses[0].address, count: 600n },
      { witness: witnesses[1].address, count: 400n },
    ];
    expect((await land(buildVote({ owner: erin.address, votes }, await context()), erin.privateKey)).contractRet).toBe('SUCCESS');
    await mine(10);
    const claimed = await land(buildWithdrawRewards({ owner: erin.address }, await context()), erin.privateKey);
    expect(claimed.contractRet).toBe('SUCCESS');
    expect((claimed.info as { withdraw_amount?: number }).withdraw_amount ?? 0).toBeGreaterThan(0);
  });

  it('sets a 2-of-3 active permission, then a transfer under it needs two of its keys', async () => {
    const [, , , , , frank, k1, k2, k3] = accounts;
    const update = buildAccountPermissionUpdate(
      {
        owner: frank.address,
        ownerPermission: { name: 'owner', threshold: 1, keys: [{ address: frank.address, weight: 1 }] },
        actives: [{ name: 'payout', threshold: 2, keys: [k1, k2, k3].map((k) => ({ address: k.address, weight: 1 })), operations: ['TransferContract'] }],
      },
      await context(),
    );
    expect((await land(update, frank.privateKey)).contractRet).toBe('SUCCESS');

    const payout = buildTrxTransfer({ from: frank.address, to: k3.address, amount: 7n * TRX }, { ...(await context()), permissionId: 2 });
    expect(await broadcastJson(signTransaction(payout, k1.privateKey))).toMatchObject({ code: 'SIGERROR' });
    expect(await broadcastJson(signTransaction(payout, frank.privateKey))).toMatchObject({ code: 'SIGERROR' });
    expect((await land(payout, k1.privateKey, k2.privateKey)).contractRet).toBe('SUCCESS');
  });

  it('is refused for a reference block off the chain, an expiration already past, and a foreign signature', async () => {
    const [alice, bob] = accounts;
    const ctx = await context();
    const forked = { ...ctx, ref: { ...ctx.ref, id: ctx.ref.id.slice(0, 16) + 'ee'.repeat(24) } };
    expect(await broadcastJson(signTransaction(buildTrxTransfer({ from: alice.address, to: bob.address, amount: 1n }, forked), alice.privateKey))).toMatchObject({
      code: 'TAPOS_ERROR',
    });
    const stale = buildTrxTransfer({ from: alice.address, to: bob.address, amount: 1n }, { ...ctx, expirationMs: 1_000 });
    await mine(1, 10_000);
    expect(await broadcastJson(signTransaction(stale, alice.privateKey))).toMatchObject({ code: 'TRANSACTION_EXPIRATION_ERROR' });
    const fresh = buildTrxTransfer({ from: alice.address, to: bob.address, amount: 1n }, await context());
    expect(await broadcastJson(signTransaction(fresh, bob.privateKey))).toMatchObject({ code: 'SIGERROR' });
  });
});
