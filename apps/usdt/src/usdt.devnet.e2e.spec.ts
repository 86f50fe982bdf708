import { RedisStreamsClient, TransportRpcError } from '@tronpay/transport';
import type { TokenListReply, UsdtBalancesView, UsdtTokenListReply, UsdtTokenView, UsdtTransferEstimate, UsdtTransferView } from '@tronpay/models';
import { generateAccount } from '@tronpay/tron';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The usdt service on the devnet with tron-client and the wallet in their own processes: the
// registry (metadata read from the chain and checked, pushed to tron-client), balances of an
// address and of a wallet, estimates with the new-holder difference, and a transfer executed
// through wallet signing and tron-client broadcast, followed to the end.
describe('usdt on the devnet', () => {
  jest.setTimeout(180_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let client: RedisStreamsClient;
  const treasury = generateAccount().base58;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['tron-client', 'wallet', 'usdt'],
      devnet: { solidLag: 1 },
      serviceEnv: { wallet: { WALLET_TREASURY_ADDRESS: treasury }, usdt: { USDT_FOLLOW_INTERVAL_MS: '100' } },
    });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 10_000 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const rpc = <T>(pattern: string, payload: unknown) => client.request<T>(pattern, payload);
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: TransportRpcError) => e);
  async function until<T>(f: () => Promise<T | false | null | undefined>, what: string): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const v = await f();
      if (v) return v;
      await sleep(100);
    }
    throw new Error(`timed out: ${what}`);
  }

  it('starts with the network\'s canonical USDT, its metadata read from the chain', async () => {
    const { tokens } = await until(async () => {
      const r = await rpc<UsdtTokenListReply>('usdt.tokens.list.v1', {});
      return r.tokens.length > 0 && r;
    }, 'the canonical token');
    expect(tokens).toEqual([expect.objectContaining({ contract: stack.usdt, symbol: 'USDT', decimals: 6, canonical: true, registered: true })]);
    const got = await rpc<UsdtTokenView>('usdt.tokens.get.v1', { contract: stack.usdt });
    expect(got).toMatchObject({ name: 'Tether USD', symbol: 'USDT', decimals: 6 });
    expect(BigInt(got.totalSupply as string)).toBeGreaterThan(0n);
  });

  it('adds a token only as the chain describes it, and tron-client credits it from then on', async () => {
    const accounts = await stack.devnet.accounts();
    const token = await stack.devnet.createToken({ name: 'Euro Coin', symbol: 'EURC', decimals: 2, owner: accounts[0].address });
    await stack.devnet.mine();
    const wrong = await failure(rpc('usdt.tokens.add.v1', { contract: token, decimals: 6, requestedBy: 'spec' }));
    expect(wrong).toMatchObject({ code: 'token_metadata_mismatch', message: expect.stringContaining('the chain says 2, not 6') });
    const nothing = await failure(rpc('usdt.tokens.add.v1', { contract: generateAccount().base58, requestedBy: 'spec' }));
    expect(nothing).toMatchObject({ code: 'token_not_found' });
    const added = await rpc<UsdtTokenView>('usdt.tokens.add.v1', { contract: token, symbol: 'EURC', requestedBy: 'spec' });
    expect(added).toMatchObject({ contract: token, name: 'Euro Coin', symbol: 'EURC', decimals: 2, canonical: false, registered: true, addedBy: 'spec' });
    // Idempotent: the same contract again is the same row.
    expect(await rpc<UsdtTokenView>('usdt.tokens.add.v1', { contract: token, requestedBy: 'other' })).toMatchObject({ addedBy: 'spec' });
    const credited = await rpc<TokenListReply>('tron-client.tokens.list.v1', {});
    expect(credited.tokens).toEqual(expect.arrayContaining([{ contract: token, symbol: 'EURC', decimals: 2, canonical: false }]));
  });

  it('balances of an address and of a wallet: TRX and every registry token', async () => {
    const wallet = await rpc<{ id: string; address: string }>('wallet.wallets.create.v1', { label: 'hot', kind: 'hot', requestedBy: 'spec' });
    await stack.devnet.fund(wallet.address, { trx: '12.5', usdt: '7.25' });
    await stack.devnet.mine(2);
    const byWallet = await until(async () => {
      const b = await rpc<UsdtBalancesView>('usdt.balances.get.v1', { walletId: wallet.id });
      return b.trx === '12500000' && b;
    }, 'the funded balances');
    expect(byWallet).toMatchObject({ address: wallet.address, walletId: wallet.id, view: 'head' });
    expect(byWallet.tokens).toEqual(expect.arrayContaining([expect.objectContaining({ contract: stack.usdt, symbol: 'USDT', balance: '7250000', amount: '7.25' })]));
    const solid = await rpc<UsdtBalancesView>('usdt.balances.get.v1', { address: wallet.address, view: 'solid' });
    expect(solid.tokens.find((t) => t.contract === stack.usdt)?.balance).toBe('7250000');
    expect(await failure(rpc('usdt.balances.get.v1', { address: wallet.address, walletId: wallet.id }))).toMatchObject({ code: 'invalid_request' });
  });

  it('estimates: a transfer to a new holder costs 130,285 energy, to a holder 64,285; one over the balance would revert', async () => {
    const accounts = await stack.devnet.accounts();
    const from = accounts[2].address;
    const toNew = await rpc<UsdtTransferEstimate>('usdt.transfers.estimate.v1', { from, to: generateAccount().base58, amount: '1000000' });
    expect(toNew).toMatchObject({ energy: 130_285, newHolder: true, energyIfNewHolder: 130_285, energyPriceSun: '100', burnSunWithoutEnergy: '13028500', ok: true });
    const toHolder = await rpc<UsdtTransferEstimate>('usdt.transfers.estimate.v1', { from, to: accounts[3].address, amount: '1000000' });
    expect(toHolder).toMatchObject({ energy: 64_285, newHolder: false, energyIfNewHolder: 130_285, ok: true });
    expect(toHolder.bandwidth).toBe(345);
    // fee_limit: the energy at the price, plus the 10 % margin.
    expect(toHolder.feeLimitSun).toBe('7071350');
    const tooMuch = await rpc<UsdtTransferEstimate>('usdt.transfers.estimate.v1', { from: generateAccount().base58, to: accounts[3].address, amount: '1000000' });
    expect(tooMuch.ok).toBe(false);
    const built = await rpc<{ transaction: { txID: string; raw_data_hex: string; raw_data: { fee_limit: number } }; estimate: UsdtTransferEstimate }>('usdt.transfers.build.v1', { from, to: accounts[3].address, amount: '1000000' });
    expect(built.transaction.raw_data.fee_limit).toBe(7_071_350);
    expect(built.transaction.txID).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a transfer from a deposit address, signed under the sweep policy, broadcast, followed to confirmed; refused before broadcast when it would run out of energy', async () => {
    const deposit = await rpc<{ address: string }>('wallet.deposit-address.next.v1', { reference: 'spec' });
    await stack.devnet.fund(deposit.address, { trx: '15', usdt: '3' });
    await stack.devnet.mine();
    // 15 TRX burns for at most 150,000 energy: enough for one transfer to a new holder.
    const send = (key: string, amount: string) => rpc<UsdtTransferView>('usdt.transfers.send.v1', { key, signer: { depositAddress: deposit.address }, to: treasury, amount, purpose: 'sweep', reference: key, requestedBy: 'spec' });
    const first = await send('t-1', '1000000');
    expect(first).toMatchObject({ status: 'broadcast', from: deposit.address, to: treasury, amount: '1000000', energyEstimate: 130_285, token: stack.usdt });
    // The same key is the same transfer, never a second one.
    expect((await send('t-1', '1000000')).txId).toBe(first.txId);
    expect(await failure(send('t-1', '2000000'))).toMatchObject({ code: 'idempotency_key_reused' });
    await stack.devnet.mine(3);
    const done = await until(async () => {
      const t = await rpc<UsdtTransferView>('usdt.transfers.get.v1', { key: 't-1' });
      return t.status === 'confirmed' && t;
    }, 'confirmed');
    // Sent once by the usdt service: the follower only looks after that (tron-client re-sends only when a node dropped it).
    expect((await rpc<{ attempts: number }>('tron-client.tx.get.v1', { txId: first.txId })).attempts).toBeLessThanOrEqual(2);
    expect(done.fee).toBe('13028500'); // 130,285 energy x 100 SUN; the 345 bytes from the daily free bandwidth
    // What is left (1.97 TRX) cannot buy another 64,285 energy: refused, nothing signed, nothing sent.
    const second = await send('t-2', '1000000');
    expect(second).toMatchObject({ status: 'refused', txId: null, failureReason: expect.stringMatching(/^insufficient_energy: /) });
    // Sweeping anywhere but the treasury is refused by the wallet's policy (TRX here: the address can pay for that).
    const elsewhere = await rpc<UsdtTransferView>('usdt.transfers.send.v1', { key: 't-3', token: 'TRX', signer: { depositAddress: deposit.address }, to: generateAccount().base58, amount: '100000', purpose: 'sweep', reference: 't-3', requestedBy: 'spec' });
    expect(elsewhere).toMatchObject({ status: 'refused', failureReason: expect.stringMatching(/^policy_refused: /) });
  });
});
