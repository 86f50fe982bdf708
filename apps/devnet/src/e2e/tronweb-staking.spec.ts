import { bandwidthBytes, startTestDevnet, get, mine, post, tronWebFor } from './devnet-test-kit';
import type { RunningDevnet } from '../devnet';

const TRX = 1_000_000;
const DAY = 86_400_000;
/** A stake's daily energy: its share of 180e9 against the simulated network's 19e9 TRX plus what the specs froze. */
const energyFor = (trx: number, networkTrx: number) => Math.floor((trx * 180e9) / networkTrx);

describe('devnet with unmodified tronweb: Stake 2.0, votes, multisig', () => {
  let devnet: RunningDevnet;

  beforeAll(async () => {
    devnet = await startTestDevnet();
  });
  afterAll(() => devnet.close());

  async function send(tw: ReturnType<typeof tronWebFor>, tx: unknown, key: string) {
    const signed = await tw.trx.sign(tx as never, key);
    const r = await tw.trx.sendRawTransaction(signed);
    if (!r.result) throw new Error(`${r.code}: ${tw.toUtf8(String(r.message))}`);
    return (signed as unknown as { txID: string }).txID;
  }

  it('freezes for energy, which then pays for a USDT transfer instead of burned TRX', async () => {
    const [alice, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    await send(tw, await tw.transactionBuilder.freezeBalanceV2(10_000 * TRX, 'ENERGY', alice.base58), alice.privateKey);
    const resources = await tw.trx.getAccountResources(alice.base58);
    // 10,000 TRX of a 19e9 TRX network share of 180e9 energy a day.
    expect(resources.EnergyLimit).toBe(Math.floor((10_000 * 180e9) / (19e9 + 10_000)));
    const account = await tw.trx.getUnconfirmedAccount(alice.base58);
    expect(account.frozenV2).toEqual([{}, { type: 'ENERGY', amount: 10_000 * TRX }, { type: 'TRON_POWER' }]);

    const usdt = await tw.contract().at(devnet.usdt.base58);
    const txid = await usdt.methods.transfer(bob.base58, 1).send({ feeLimit: 100_000_000 });
    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
    expect(info.receipt).toMatchObject({ energy_usage: 64_285, energy_usage_total: 64_285, result: 'SUCCESS' });
    expect(info.receipt.energy_fee).toBeUndefined();
    // Usage recovers linearly over 24 h: one 3 s block later about 2 of it has come back.
    const used = (await tw.trx.getAccountResources(alice.base58)).EnergyUsed as number;
    expect(used).toBeLessThanOrEqual(64_285);
    expect(used).toBeGreaterThanOrEqual(64_285 - Math.ceil((64_285 * 3_000) / DAY));
  });

  it('delegates energy with a lock, refuses to undelegate before the lock ends, then undelegates', async () => {
    const [alice, , carol] = devnet.accounts;
    const tw = tronWebFor(devnet, alice.privateKey);
    const max = await tw.trx.getCanDelegatedMaxSize(alice.base58, 'ENERGY', { confirmed: false } as never);
    expect(max.max_size).toBeGreaterThan(1_000 * TRX);
    const delegatedAt = (await tw.trx.getCurrentBlock()).block_header.raw_data.timestamp;
    await send(tw, await tw.transactionBuilder.delegateResource(1_000 * TRX, carol.base58, 'ENERGY', alice.base58, true, 100), alice.privateKey);
    await mine(devnet, 3);
    const delegated = await tw.trx.getDelegatedResourceV2(alice.base58, carol.base58, { confirmed: true });
    // The lock is counted in blocks: 100 blocks of 3 s from the head the delegation ran on.
    expect(delegated.delegatedResource).toEqual([
      { from: alice.address, to: carol.address, frozen_balance_for_energy: 1_000 * TRX, expire_time_for_energy: delegatedAt + 100 * 3_000 },
    ]);
    const index = await tw.trx.getDelegatedResourceAccountIndexV2(carol.base58, { confirmed: false } as never);
    expect(index.fromAccounts).toEqual([alice.address]);
    // Delegated stake moves its energy share from the owner to the receiver; TRON power stays with the owner.
    const network = 19e9 + 10_000;
    expect((await tw.trx.getAccountResources(carol.base58)).EnergyLimit).toBe(energyFor(1_000, network));
    expect((await tw.trx.getAccountResources(alice.base58)).EnergyLimit).toBe(energyFor(9_000, network));
    expect((await tw.trx.getAccountResources(alice.base58)).tronPowerLimit).toBe(10_000);

    const early = await tw.transactionBuilder.undelegateResource(1_000 * TRX, carol.base58, 'ENERGY', alice.base58);
    const signed = await tw.trx.sign(early, alice.privateKey);
    const refused = await tw.trx.sendRawTransaction(signed);
    expect(refused.code).toBe('CONTRACT_VALIDATE_ERROR');
    // UnDelegateResourceActuator's own spelling for ENERGY ("delegate", not "delegated").
    expect(tw.toUtf8(String(refused.message))).toBe('contract validate error : insufficient delegateFrozenBalance(Energy), request=1000000000, unlock_balance=0');

    await mine(devnet, 1, 100 * 3_000);
    await send(tw, await tw.transactionBuilder.undelegateResource(1_000 * TRX, carol.base58, 'ENERGY', alice.base58), alice.privateKey);
    expect(await get(devnet, `/wallet/getdelegatedresourcev2?fromAddress=${alice.address}&toAddress=${carol.address}`)).toEqual({});
    expect((await tw.trx.getAccountResources(carol.base58)).EnergyLimit).toBeUndefined();
    expect((await tw.trx.getAccountResources(alice.base58)).EnergyLimit).toBe(energyFor(10_000, 19e9 + 10_000));
  });

  it('unfreezes, waits the 14-day delay and withdraws; counts pending unfreezes', async () => {
    const [, bob] = devnet.accounts;
    const tw = tronWebFor(devnet, bob.privateKey);
    await send(tw, await tw.transactionBuilder.freezeBalanceV2(100 * TRX, 'BANDWIDTH', bob.base58), bob.privateKey);
    await send(tw, await tw.transactionBuilder.unfreezeBalanceV2(40 * TRX, 'BANDWIDTH', bob.base58), bob.privateKey);
    expect((await tw.trx.getAvailableUnfreezeCount(bob.base58, { confirmed: false } as never))).toEqual({ count: 31 });
    const early = await tw.transactionBuilder.withdrawExpireUnfreeze(bob.base58);
    const refused = await tw.trx.sendRawTransaction(await tw.trx.sign(early, bob.privateKey));
    expect(refused.code).toBe('CONTRACT_VALIDATE_ERROR');

    await mine(devnet, 1, 14 * DAY);
    const balance = await tw.trx.getUnconfirmedBalance(bob.base58);
    const txid = await send(tw, await tw.transactionBuilder.withdrawExpireUnfreeze(bob.base58), bob.privateKey);
    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
    expect(info.withdraw_expire_amount).toBe(40 * TRX);
    expect(await tw.trx.getUnconfirmedBalance(bob.base58)).toBe(balance + 40 * TRX - (info.fee ?? 0));

    // At most 32 unfreezes pending at once (amounts differ so that the txids do).
    for (let i = 0; i < 32; i++) await send(tw, await tw.transactionBuilder.unfreezeBalanceV2(TRX + i, 'BANDWIDTH', bob.base58), bob.privateKey);
    expect(await tw.trx.getAvailableUnfreezeCount(bob.base58, { confirmed: false } as never)).toEqual({});
    const over = await tw.trx.sendRawTransaction(await tw.trx.sign(await tw.transactionBuilder.unfreezeBalanceV2(TRX + 32, 'BANDWIDTH', bob.base58), bob.privateKey));
    expect(over.code).toBe('CONTRACT_VALIDATE_ERROR');
    expect(tw.toUtf8(String(over.message))).toBe('contract validate error : Invalid unfreeze operation, unfreezing times is over limit');
  });

  it('votes for witnesses within TRON power, earns rewards reported by getReward and claimed by withdrawBalance', async () => {
    const [, , , dave] = devnet.accounts;
    const tw = tronWebFor(devnet, dave.privateKey);
    await send(tw, await tw.transactionBuilder.freezeBalanceV2(1_000 * TRX, 'ENERGY', dave.base58), dave.privateKey);
    const { witnesses } = await get<{ witnesses: Array<{ address: string }> }>(devnet, '/wallet/listwitnesses');
    expect(witnesses).toHaveLength(27);
    const tooMany = await tw.transactionBuilder.vote({ [witnesses[0].address]: 1_001 }, dave.base58);
    expect((await tw.trx.sendRawTransaction(await tw.trx.sign(tooMany, dave.privateKey))).code).toBe('CONTRACT_VALIDATE_ERROR');
    // At most 30 votes in one VoteWitnessContract (java-tron counts entries, repeated witnesses included).
    const thirtyOne = await post(devnet, '/wallet/votewitnessaccount', {
      owner_address: dave.address,
      votes: Array.from({ length: 31 }, (_, i) => ({ vote_address: witnesses[i % witnesses.length].address, vote_count: 1 })),
    });
    expect(thirtyOne.Error).toBe('class org.tron.core.exception.ContractValidateException : VoteNumber more than maxVoteNumber 30');
    await send(tw, await tw.transactionBuilder.vote({ [witnesses[2].address]: 1_000 }, dave.base58), dave.privateKey);
    // A new vote replaces the previous one rather than adding to it.
    await send(tw, await tw.transactionBuilder.vote({ [witnesses[0].address]: 600, [witnesses[1].address]: 400 }, dave.base58), dave.privateKey);
    await mine(devnet, 10);
    const account = await tw.trx.getUnconfirmedAccount(dave.base58);
    expect(account.votes).toEqual([
      { vote_address: witnesses[0].address, vote_count: 600 },
      { vote_address: witnesses[1].address, vote_count: 400 },
    ]);
    const reward = await tw.trx.getUnconfirmedReward(dave.base58);
    expect(reward).toBeGreaterThan(0);
    const balance = await tw.trx.getUnconfirmedBalance(dave.base58);
    const txid = await send(tw, await tw.transactionBuilder.withdrawBlockRewards(dave.base58), dave.privateKey);
    await mine(devnet);
    const info = await tw.trx.getUnconfirmedTransactionInfo(txid);
    expect(info.withdraw_amount).toBeGreaterThanOrEqual(reward);
    expect(await tw.trx.getUnconfirmedBalance(dave.base58)).toBe(balance + (info.withdraw_amount as number) - (info.fee ?? 0));
  });

  it('runs a 2-of-3 multisig transfer through accountPermissionUpdate and multiSign', async () => {
    const [, , , , , , owner, k1, k2, k3] = devnet.accounts;
    const tw = tronWebFor(devnet, owner.privateKey);
    const ownerPermission = { type: 0, permission_name: 'owner', threshold: 1, keys: [{ address: owner.address, weight: 1 }] };
    const activePermission = {
      type: 2,
      permission_name: 'active2of3',
      threshold: 2,
      operations: '7fff1fc0033e0300000000000000000000000000000000000000000000000000',
      keys: [k1, k2, k3].map((k) => ({ address: k.address, weight: 1 })),
    };
    const before = await tw.trx.getUnconfirmedBalance(owner.base58);
    const update = await tw.transactionBuilder.updateAccountPermissions(owner.address, ownerPermission as never, null, [activePermission] as never);
    const signedUpdate = await tw.trx.sign(update, owner.privateKey);
    expect((await tw.trx.sendRawTransaction(signedUpdate)).result).toBe(true);
    // AccountPermissionUpdate burns 100 TRX; its bytes come out of the owner's free 600.
    expect(await tw.trx.getUnconfirmedBalance(owner.base58)).toBe(before - 100 * TRX);

    const tx = await tw.transactionBuilder.sendTrx(k3.base58, 7 * TRX, owner.base58, { permissionId: 2 });
    const once = await tw.trx.multiSign(tx, k1.privateKey, 2);
    const onlyOne = await tw.trx.sendRawTransaction(once);
    expect(onlyOne.code).toBe('SIGERROR');
    const twice = await tw.trx.multiSign(once, k2.privateKey, 2);
    const accepted = await tw.trx.sendRawTransaction(twice);
    expect(accepted.result).toBe(true);
    await mine(devnet);
    const updateInfo = await tw.trx.getUnconfirmedTransactionInfo(signedUpdate.txID);
    expect(updateInfo.fee).toBe(100 * TRX);
    expect(updateInfo.receipt).toEqual({ net_usage: bandwidthBytes(signedUpdate) });
    const info = await tw.trx.getUnconfirmedTransactionInfo(twice.txID);
    // Multi-signature fee: 1 TRX on top of bandwidth; with two signatures the bytes outgrow what is left of the free 600.
    const bytes = bandwidthBytes(twice);
    expect(bandwidthBytes(signedUpdate) + bytes).toBeGreaterThan(600);
    expect(info.receipt).toEqual({ net_fee: bytes * 1000 });
    expect(info.fee).toBe(TRX + bytes * 1000);
    expect(await tw.trx.getUnconfirmedBalance(owner.base58)).toBe(before - 100 * TRX - 7 * TRX - TRX - bytes * 1000);

    const ownerOnly = await post(devnet, '/wallet/getaccount', { address: owner.address });
    expect((ownerOnly.active_permission as Array<{ threshold: number }>)[0].threshold).toBe(2);
  });
});
