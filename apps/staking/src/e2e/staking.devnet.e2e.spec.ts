import { RedisStreamsClient } from '@tronpay/transport';
import { createTestDatabase, createTestRedis, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import type { StakingOperationView, StakingView } from '@tronpay/models';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UNFREEZE_DELAY_S = 30;
// Long enough to outlast the blocks its own confirmation takes here.
const LOCK_BLOCKS = 40;

// The staking Proof: each Stake 2.0 operation through the gateway's /v1/staking (every service in
// its own process, the devnet with a 30-second unfreeze delay), reflected in GET /v1/staking/:walletId
// and in what the devnet itself answers. The chain moves only when this spec mines.
describe('staking through the gateway on the devnet', () => {
  jest.setTimeout(300_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let client: RedisStreamsClient;
  const stakingEnv: Record<string, string> = { STAKING_FOLLOW_INTERVAL_MS: '200', STAKING_SCHEDULE_INTERVAL_MS: '3600000', STAKING_REWARD_CLAIM_MIN_TRX: '0.000001' };
  let a: { id: string; address: string };
  let b: { id: string; address: string };
  let receiver: { id: string; address: string };
  let witnesses: string[];

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: ['tron-client', 'wallet', 'staking', 'gateway'],
      devnet: { solidLag: 2, unfreezeDelaySeconds: UNFREEZE_DELAY_S },
      serviceEnv: { staking: stakingEnv, wallet: { WALLET_MAX_EXPIRATION_SECONDS: '86400' } },
    });
    client = new RedisStreamsClient({ url: redis.url, prefix: redis.prefix, requestTimeoutMs: 10_000 });
    await client.connect();
    const hot = async (label: string) => (await api<{ id: string; address: string }>('POST', '/v1/wallets', { label, kind: 'hot' })).body;
    [a, b, receiver] = [await hot('staker a'), await hot('staker b'), await hot('energy receiver')];
    await stack.devnet.fund(a.address, { trx: '200000' });
    await stack.devnet.fund(b.address, { trx: '100000' });
    await stack.devnet.fund(receiver.address, { trx: '1' });
    await stack.devnet.mine();
    const listed = await devnet<{ witnesses: Array<{ address: string }> }>('/wallet/listwitnesses', {});
    witnesses = listed.witnesses.map((w) => w.address);
  });
  afterAll(async () => {
    await client?.close();
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  async function api<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${stack.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  async function devnet<T>(path: string, body: unknown): Promise<T> {
    return (await (await fetch(`${stack.devnet.url}${path}`, { method: 'POST', body: JSON.stringify({ ...(body as object), visible: true }) })).json()) as T;
  }
  const view = async (walletId: string) => {
    const r = await api<StakingView>('GET', `/v1/staking/${walletId}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const op = async (path: string, body: unknown) => {
    const r = await api<StakingOperationView & { error?: unknown }>('POST', `/v1/staking/${path}`, body);
    expect({ status: r.status, body: r.body }).toMatchObject({ status: 201, body: { status: 'broadcast' } });
    return r.body;
  };
  const operation = async (walletId: string, id: string) =>
    (await client.request<{ data: StakingOperationView[] }>('staking.operations.list.v1', { walletId, limit: 100 })).data.find((o) => o.id === id);
  /** Mines a block at a time until `check` holds (the services follow each block on their own). */
  async function mineUntil<T>(check: () => Promise<T | false | null | undefined>, what: string, blocks = 40): Promise<T> {
    for (let i = 0; i <= blocks; i++) {
      for (let j = 0; j < 4; j++) {
        const v = await check();
        if (v) return v;
        await sleep(150);
      }
      await stack.devnet.mine();
    }
    throw new Error(`not reached after ${blocks} blocks: ${what}`);
  }
  const confirmed = (walletId: string, id: string) => mineUntil(async () => (await operation(walletId, id))?.status === 'confirmed', `operation ${id} confirmed`);
  const account = (address: string) =>
    devnet<{ balance?: number; frozenV2?: Array<{ type?: string; amount?: number }>; unfrozenV2?: unknown[]; votes?: Array<{ vote_address: string; vote_count: number }>; allowance?: number }>('/wallet/getaccount', { address });

  it('freeze: the stake shows in the view and on the devnet', async () => {
    const frozen = await op('freeze', { walletId: a.id, amount: '50000', resource: 'ENERGY' });
    expect(frozen).toMatchObject({ kind: 'freeze', amount: '50000', resource: 'ENERGY', txId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await confirmed(a.id, frozen.id);
    const v = await view(a.id);
    expect(v).toMatchObject({ walletId: a.id, address: a.address, frozen: { energy: '50000', bandwidth: '0' }, delegated: [], pendingUnfreezes: [] });
    expect(BigInt(v.resources.energy.limit)).toBeGreaterThan(400_000n);
    const onChain = await account(a.address);
    expect(onChain.frozenV2?.find((f) => f.type === 'ENERGY')?.amount).toBe(50_000_000_000);
    // More than the wallet holds is refused before anything is signed.
    const tooMuch = await api<{ error: { code: string } }>('POST', '/v1/staking/freeze', { walletId: a.id, amount: '1000000', resource: 'ENERGY' });
    expect(tooMuch).toMatchObject({ status: 422, body: { error: { code: 'insufficient_balance' } } });
  });

  it('delegate with a lock; undelegate refused until the lock ends, then taken back', async () => {
    const d = await op('delegate', { walletId: a.id, receiver: receiver.address, amount: '1000', resource: 'ENERGY', lockPeriodBlocks: LOCK_BLOCKS });
    await confirmed(a.id, d.id);
    const v = await view(a.id);
    expect(v.delegated).toEqual([{ receiver: receiver.address, resource: 'ENERGY', amount: '1000', lockedUntil: expect.any(String) }]);
    expect(v.frozen.energy).toBe('50000');
    const record = await devnet<{ delegatedResource?: Array<{ frozen_balance_for_energy?: number; expire_time_for_energy?: number }> }>('/wallet/getdelegatedresourcev2', {
      fromAddress: a.address,
      toAddress: receiver.address,
    });
    expect(record.delegatedResource?.[0]).toMatchObject({ frozen_balance_for_energy: 1_000_000_000, expire_time_for_energy: Date.parse(v.delegated[0].lockedUntil as string) });

    const early = await api<{ error: { code: string } }>('POST', '/v1/staking/undelegate', { walletId: a.id, receiver: receiver.address, amount: '1000', resource: 'ENERGY' });
    expect(early).toMatchObject({ status: 422, body: { error: { code: 'delegation_locked' } } });

    const lockEnd = Date.parse(v.delegated[0].lockedUntil as string);
    await mineUntil(async () => (await headTime()) >= lockEnd, 'the lock ends');
    const u = await op('undelegate', { walletId: a.id, receiver: receiver.address, amount: '1000', resource: 'ENERGY' });
    await confirmed(a.id, u.id);
    expect((await view(a.id)).delegated).toEqual([]);
    expect((await devnet<Record<string, unknown>>('/wallet/getdelegatedresourcev2', { fromAddress: a.address, toAddress: receiver.address })).delegatedResource ?? []).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ frozen_balance_for_energy: expect.any(Number) })]),
    );
  });

  it('unfreeze: listed with its date; withdraw refused before it, done after the 30 s delay', async () => {
    const before = BigInt((await account(a.address)).balance ?? 0);
    const un = await op('unfreeze', { walletId: a.id, amount: '10000', resource: 'ENERGY' });
    const early = await api<{ error: { code: string } }>('POST', '/v1/staking/withdraw', { walletId: a.id });
    expect(early).toMatchObject({ status: 422, body: { error: { code: 'nothing_to_withdraw' } } });
    await confirmed(a.id, un.id);
    const v = await view(a.id);
    expect(v.frozen.energy).toBe('40000');
    expect(v.pendingUnfreezes).toEqual([{ resource: 'ENERGY', amount: '10000', withdrawableAt: expect.any(String) }]);
    const due = Date.parse(v.pendingUnfreezes[0].withdrawableAt);
    const block = (await devnet<{ blockNumber?: number }>('/wallet/gettransactioninfobyid', { value: un.txId })).blockNumber as number;
    const blockTime = (await devnet<{ block_header: { raw_data: { timestamp: number } } }>('/wallet/getblockbynum', { num: block })).block_header.raw_data.timestamp;
    // The devnet, as java-tron's pending state, dates it from the head when it was pushed: at most one slot before its block.
    expect(due - blockTime).toBeLessThanOrEqual(UNFREEZE_DELAY_S * 1000);
    expect(due - blockTime).toBeGreaterThanOrEqual(UNFREEZE_DELAY_S * 1000 - 3000);
    expect((await account(a.address)).unfrozenV2).toHaveLength(1);

    await mineUntil(async () => (await headTime()) >= due, 'the delay passes');
    expect((await view(a.id)).withdrawable).toBe('10000');
    const w = await op('withdraw', { walletId: a.id });
    await confirmed(a.id, w.id);
    const after = await view(a.id);
    expect(after.pendingUnfreezes).toEqual([]);
    expect(BigInt((await account(a.address)).balance ?? 0) - before).toBeGreaterThanOrEqual(10_000_000_000n - 1_000_000n);
  });

  it('cancel unfreezes: a pending unfreeze is staked again', async () => {
    const un = await op('unfreeze', { walletId: a.id, amount: '1000', resource: 'ENERGY' });
    await confirmed(a.id, un.id);
    expect((await view(a.id)).pendingUnfreezes).toHaveLength(1);
    const cancel = await op('cancel-unfreezes', { walletId: a.id });
    await confirmed(a.id, cancel.id);
    const v = await view(a.id);
    expect(v.pendingUnfreezes).toEqual([]);
    expect(v.frozen.energy).toBe('40000');
    expect((await account(a.address)).unfrozenV2 ?? []).toEqual([]);
    const none = await api<{ error: { code: string } }>('POST', '/v1/staking/cancel-unfreezes', { walletId: a.id });
    expect(none).toMatchObject({ status: 422, body: { error: { code: 'nothing_to_cancel' } } });
  });

  it('vote: the votes show in the view and on the devnet, and rewards accrue block by block', async () => {
    const vote = await op('vote', { walletId: a.id, votes: [{ witness: witnesses[0], count: 30_000 }, { witness: witnesses[1], count: 5_000 }] });
    await confirmed(a.id, vote.id);
    expect((await view(a.id)).votes).toEqual([
      { witness: witnesses[0], count: 30_000 },
      { witness: witnesses[1], count: 5_000 },
    ]);
    expect((await account(a.address)).votes).toEqual([
      { vote_address: witnesses[0], vote_count: 30_000 },
      { vote_address: witnesses[1], vote_count: 5_000 },
    ]);
    const tooMany = await api<{ error: { code: string } }>('POST', '/v1/staking/vote', { walletId: a.id, votes: [{ witness: witnesses[0], count: 40_001 }] });
    expect(tooMany).toMatchObject({ status: 422, body: { error: { code: 'insufficient_tron_power' } } });
    await stack.devnet.mine(3);
    expect(Number((await view(a.id)).rewards)).toBeGreaterThan(0);
  });

  it('claim rewards: the reward moves to the balance; the view and the devnet show none left', async () => {
    const reward = BigInt((await devnet<{ reward?: number }>('/wallet/getReward', { address: a.address })).reward ?? 0);
    expect(reward).toBeGreaterThan(0n);
    const before = BigInt((await account(a.address)).balance ?? 0);
    const claim = await op('claim-rewards', { walletId: a.id });
    await confirmed(a.id, claim.id);
    const v = await view(a.id);
    expect(v.lastRewardClaimAt).not.toBeNull();
    const receipt = await devnet<{ fee?: number; withdraw_amount?: number }>('/wallet/gettransactioninfobyid', { value: claim.txId });
    expect(BigInt(receipt.withdraw_amount ?? 0)).toBeGreaterThanOrEqual(reward);
    expect(BigInt((await account(a.address)).balance ?? 0) - before).toBe(BigInt(receipt.withdraw_amount ?? 0) - BigInt(receipt.fee ?? 0));
    // Once a day: a second claim now is refused without a transaction.
    const again = await api<{ error: { code: string } }>('POST', '/v1/staking/claim-rewards', { walletId: a.id });
    expect(again.status).toBe(422);
  });

  it('the schedules: an expired unfreeze withdrawn and rewards claimed with nobody asking, each recorded', async () => {
    const frozen = await op('freeze', { walletId: b.id, amount: '20000', resource: 'BANDWIDTH' });
    await confirmed(b.id, frozen.id);
    const vote = await op('vote', { walletId: b.id, votes: [{ witness: witnesses[2], count: 15_000 }] });
    await confirmed(b.id, vote.id);
    const un = await op('unfreeze', { walletId: b.id, amount: '5000', resource: 'BANDWIDTH' });
    await confirmed(b.id, un.id);
    // Now the staking service runs its schedules every 300 ms.
    await stack.stop('staking');
    stakingEnv.STAKING_SCHEDULE_INTERVAL_MS = '300';
    await stack.start('staking');
    const auto = await mineUntil(async () => {
      const ops = (await client.request<{ data: StakingOperationView[] }>('staking.operations.list.v1', { walletId: b.id, limit: 100 })).data;
      const scheduled = ops.filter((o) => o.origin === 'schedule' && o.status === 'confirmed');
      return scheduled.some((o) => o.kind === 'withdraw') && scheduled.some((o) => o.kind === 'claim-rewards') && scheduled;
    }, 'an automatic withdraw and reward claim', 60);
    expect(auto.filter((o) => o.kind === 'withdraw')).toHaveLength(1);
    const v = await view(b.id);
    expect(v.pendingUnfreezes).toEqual([]);
    expect(v.frozen.bandwidth).toBe('15000');
    expect(v.lastRewardClaimAt).not.toBeNull();
    const stats = (await api<{ 'trx-staking'?: unknown } & Record<string, unknown>>('GET', '/trx-staking/stats')).body as { staking?: { operations: { automatic: { autoWithdraws: number; autoClaims: number } } } };
    expect(stats.staking?.operations.automatic.autoWithdraws).toBeGreaterThanOrEqual(1);
    expect(stats.staking?.operations.automatic.autoClaims).toBeGreaterThanOrEqual(1);
  });

  async function headTime(): Promise<number> {
    const block = await devnet<{ block_header: { raw_data: { timestamp: number } } }>('/wallet/getblock', { detail: false });
    return block.block_header.raw_data.timestamp;
  }
});
