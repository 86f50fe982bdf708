import { decodeRawData, encodeRawData, generateAccount, RawDataJson } from '@tronpay/tron';
import { checkPolicy, PolicyContext } from './signing-policy';

const signer = generateAccount().address;
const treasury = generateAccount().address;
const stranger = generateAccount().address;
const usdt = generateAccount().address;
const now = 1_800_000_000_000;

function tx(type: string, value: Record<string, unknown>, extra: Partial<RawDataJson> = {}) {
  const raw: RawDataJson = {
    contract: [{ type, parameter: { value: { owner_address: signer, ...value }, type_url: `type.googleapis.com/protocol.${type}` } }],
    ref_block_bytes: '0001',
    ref_block_hash: '0102030405060708',
    expiration: now + 60_000,
    timestamp: now,
    ...extra,
  };
  // Through the real protobuf encoding and back, as the wallet sees a caller's transaction.
  return decodeRawData(encodeRawData(raw).rawDataHex);
}

const transferData = (to: string, amount: bigint) =>
  'a9059cbb' + to.slice(2).padStart(64, '0') + amount.toString(16).padStart(64, '0');

const ctx = (over: Partial<PolicyContext> = {}): PolicyContext => ({
  purpose: 'sweep',
  signer,
  sweepDestinations: [treasury],
  usdtContract: usdt,
  delegationReceivers: new Set([treasury]),
  permissionKeys: new Set([signer, treasury]),
  feeLimitCeilingSun: 50_000_000n,
  nowMs: now,
  maxExpirationMs: 3_600_000,
  ...over,
});

describe('signing policy', () => {
  it('allows a TRX or USDT sweep to the treasury', () => {
    expect(checkPolicy(tx('TransferContract', { to_address: treasury, amount: 5_000_000 }), ctx())).toEqual({ ok: true });
    const usdtSweep = tx('TriggerSmartContract', { contract_address: usdt, data: transferData(treasury, 12_000_000n) }, { fee_limit: 30_000_000 });
    expect(checkPolicy(usdtSweep, ctx())).toEqual({ ok: true });
  });

  it('refuses a sweep anywhere but the treasury', () => {
    expect(checkPolicy(tx('TransferContract', { to_address: stranger, amount: 5 }), ctx())).toEqual({
      ok: false,
      reason: 'sweep destination is not a treasury or hot wallet',
    });
    const sneaky = tx('TriggerSmartContract', { contract_address: usdt, data: transferData(stranger, 1n) });
    expect(checkPolicy(sneaky, ctx()).ok).toBe(false);
  });

  it('refuses a payout whose amount or destination differs from the payout service\'s record', () => {
    const payout = { to: stranger, amount: 7_000_000n, currency: 'USDT' as const };
    const exact = tx('TriggerSmartContract', { contract_address: usdt, data: transferData(stranger, 7_000_000n) });
    expect(checkPolicy(exact, ctx({ purpose: 'payout', payout }))).toEqual({ ok: true });
    const more = tx('TriggerSmartContract', { contract_address: usdt, data: transferData(stranger, 7_000_001n) });
    expect(checkPolicy(more, ctx({ purpose: 'payout', payout }))).toEqual({ ok: false, reason: 'amount differs from the payout' });
    const elsewhere = tx('TriggerSmartContract', { contract_address: usdt, data: transferData(treasury, 7_000_000n) });
    expect(checkPolicy(elsewhere, ctx({ purpose: 'payout', payout }))).toEqual({ ok: false, reason: 'destination differs from the payout' });
    const trx = tx('TransferContract', { to_address: stranger, amount: 7_000_000 });
    expect(checkPolicy(trx, ctx({ purpose: 'payout', payout })).ok).toBe(false);
    expect(checkPolicy(exact, ctx({ purpose: 'payout' }))).toEqual({ ok: false, reason: 'no payout found for this reference' });
  });

  it('refuses a contract type no purpose asked for', () => {
    const perm = tx('AccountPermissionUpdateContract', {});
    expect(checkPolicy(perm, ctx({ purpose: 'sweep' }))).toEqual({
      ok: false,
      reason: 'AccountPermissionUpdateContract is not allowed for purpose sweep',
    });
  });

  it('refuses a token other than the canonical USDT, or a call that is not transfer()', () => {
    const fake = tx('TriggerSmartContract', { contract_address: stranger, data: transferData(treasury, 1n) });
    expect(checkPolicy(fake, ctx())).toEqual({ ok: false, reason: 'only the canonical USDT contract may be called' });
    const approve = tx('TriggerSmartContract', { contract_address: usdt, data: '095ea7b3' + transferData(stranger, 1n).slice(8) });
    expect(checkPolicy(approve, ctx())).toEqual({ ok: false, reason: 'call data is not transfer(address,uint256)' });
  });

  it('refuses an over-high fee limit and a bad expiration window', () => {
    const pricey = tx('TriggerSmartContract', { contract_address: usdt, data: transferData(treasury, 1n) }, { fee_limit: 50_000_001 });
    expect(checkPolicy(pricey, ctx())).toEqual({ ok: false, reason: 'fee limit above the ceiling' });
    const stale = tx('TransferContract', { to_address: treasury, amount: 1 }, { expiration: now - 1 });
    expect(checkPolicy(stale, ctx())).toEqual({ ok: false, reason: 'transaction already expired' });
    const farOff = tx('TransferContract', { to_address: treasury, amount: 1 }, { expiration: now + 86_400_000 });
    expect(checkPolicy(farOff, ctx())).toEqual({ ok: false, reason: 'expiration too far in the future' });
  });

  it('refuses a transaction owned by another account', () => {
    const other = tx('TransferContract', { owner_address: stranger, to_address: treasury, amount: 1 });
    expect(checkPolicy(other, ctx())).toEqual({ ok: false, reason: 'owner is not the signing address' });
  });

  it('lets delegations go only to our own addresses', () => {
    const ours = tx('DelegateResourceContract', { receiver_address: treasury, balance: 1_000_000, resource: 'ENERGY' });
    expect(checkPolicy(ours, ctx({ purpose: 'delegate' }))).toEqual({ ok: true });
    const theirs = tx('DelegateResourceContract', { receiver_address: stranger, balance: 1_000_000, resource: 'ENERGY' });
    expect(checkPolicy(theirs, ctx({ purpose: 'delegate' })).ok).toBe(false);
  });

  it('lets a deposit address sign sweeps and nothing else', () => {
    const sweep = tx('TransferContract', { to_address: treasury, amount: 5_000_000 });
    expect(checkPolicy(sweep, ctx({ depositAddress: true }))).toEqual({ ok: true });
    const others = [
      ['stake', tx('FreezeBalanceV2Contract', { frozen_balance: 1_000_000 })],
      ['vote', tx('VoteWitnessContract', { votes: [{ vote_address: treasury, vote_count: 1 }] })],
      ['payout', sweep],
    ] as const;
    for (const [purpose, other] of others) {
      expect(checkPolicy(other, ctx({ purpose, depositAddress: true, payout: { to: treasury, amount: 5_000_000n, currency: 'TRX' } }))).toEqual({
        ok: false,
        reason: `a deposit address signs sweeps only, not ${purpose}`,
      });
    }
  });

  it('lets a permission update name only keys held here', () => {
    const permission = (activeKey: string) =>
      tx('AccountPermissionUpdateContract', {
        owner: { type: 0, permission_name: 'owner', threshold: 1, keys: [{ address: signer, weight: 1 }] },
        actives: [{ type: 2, permission_name: 'active', threshold: 1, operations: '7fff1fc0033e0300000000000000000000000000000000000000000000000000', keys: [{ address: activeKey, weight: 1 }] }],
      });
    expect(checkPolicy(permission(treasury), ctx({ purpose: 'permission' }))).toEqual({ ok: true });
    expect(checkPolicy(permission(stranger), ctx({ purpose: 'permission' }))).toEqual({
      ok: false,
      reason: 'permission update names a key not held here',
    });
    const ownerToStranger = tx('AccountPermissionUpdateContract', {
      owner: { type: 0, permission_name: 'owner', threshold: 1, keys: [{ address: stranger, weight: 1 }] },
      actives: [{ type: 2, permission_name: 'active', threshold: 1, operations: '7fff1fc0033e0300000000000000000000000000000000000000000000000000', keys: [{ address: signer, weight: 1 }] }],
    });
    expect(checkPolicy(ownerToStranger, ctx({ purpose: 'permission' })).ok).toBe(false);
  });

  it('lets a fee wallet top up one of our deposit addresses with TRX, within the fee ceiling, and nothing else', () => {
    const deposit = generateAccount().address;
    const fee = (over: Partial<PolicyContext> = {}) => ctx({ purpose: 'fee', topUpReceivers: new Set([deposit]), ...over });
    expect(checkPolicy(tx('TransferContract', { to_address: deposit, amount: 6_428_500 }), fee())).toEqual({ ok: true });
    expect(checkPolicy(tx('TransferContract', { to_address: deposit, amount: 50_000_001 }), fee())).toEqual({ ok: false, reason: 'top-up above the fee limit ceiling' });
    expect(checkPolicy(tx('TransferContract', { to_address: stranger, amount: 1 }), fee())).toEqual({
      ok: false,
      reason: 'top-up destination is not one of our deposit addresses',
    });
    expect(checkPolicy(tx('TransferContract', { to_address: deposit, amount: 1 }), fee({ topUpReceivers: undefined })).ok).toBe(false);
    const usdtTopUp = tx('TriggerSmartContract', { contract_address: usdt, data: transferData(deposit, 1n) });
    expect(checkPolicy(usdtTopUp, fee())).toEqual({ ok: false, reason: 'TriggerSmartContract is not allowed for purpose fee' });
    // A deposit address never pays anyone's fees.
    expect(checkPolicy(tx('TransferContract', { to_address: deposit, amount: 1 }), fee({ depositAddress: true })).ok).toBe(false);
  });
});
