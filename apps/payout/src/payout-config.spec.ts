import { ConfigError, loadPayoutConfig, payoutConfigView } from '@tronpay/config';
import { payoutSettings } from './payout.settings';

describe('the payout settings', () => {
  it('has defaults for every limit, in base units, shown in whole units', () => {
    const c = loadPayoutConfig({});
    expect(c.limits.USDT.v0).toEqual({ maxPerPayout: 100_000_000n, daily: 300_000_000n });
    expect(c.limits.TRX.kyc[2].secondApprovalAbove).toBe(320_000_000_000n);
    expect(c.treasury.guardMode).toBe('wait');
    expect(c.fees.energy).toBe('lease');
    expect(loadPayoutConfig({ PAYOUT_ENERGY: 'burn' }).fees.energy).toBe('burn');
    const view = payoutConfigView(c) as { limits: { USDT: { kyc: { level1: Record<string, string> } } } };
    expect(view.limits.USDT.kyc.level1).toEqual({ maxPerPayout: '1000', daily: '5000', approvalAbove: '500', secondApprovalAbove: '800' });
    expect(JSON.stringify(view)).not.toMatch(/\d+n/);
  });

  it('names each bad variable', () => {
    try {
      loadPayoutConfig({
        PAYOUT_V0_MAX_TRX: '1.0000001',
        PAYOUT_KYC_MAX_USDT: '1,2',
        PAYOUT_KYC_APPROVAL_TRX: '10,10,10',
        PAYOUT_KYC_SECOND_APPROVAL_TRX: '5,20,30',
        PAYOUT_TREASURY_GUARD: 'maybe',
        PAYOUT_WORKER_CONCURRENCY: '0',
        PAYOUT_HOT_WALLET_ID: 'hot-1',
        PAYOUT_ENERGY: 'free',
      });
      throw new Error('accepted bad settings');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'PAYOUT_ENERGY',
        'PAYOUT_HOT_WALLET_ID',
        'PAYOUT_KYC_MAX_USDT',
        'PAYOUT_KYC_SECOND_APPROVAL_TRX',
        'PAYOUT_TREASURY_GUARD',
        'PAYOUT_V0_MAX_TRX',
        'PAYOUT_WORKER_CONCURRENCY',
      ]);
    }
  });

  it('takes crash injection on the devnet only', () => {
    expect(loadPayoutConfig({ PAYOUT_FAILPOINTS: 'after-sign@3,before-sign@1' }).failpoints).toEqual([
      { point: 'after-sign', hit: 3 },
      { point: 'before-sign', hit: 1 },
    ]);
    expect(() => loadPayoutConfig({ TRON_NETWORK: 'mainnet', PAYOUT_FAILPOINTS: 'after-sign@3' })).toThrow(/devnet only/);
    expect(() => loadPayoutConfig({ PAYOUT_FAILPOINTS: 'during-lunch@1' })).toThrow(/PAYOUT_FAILPOINTS/);
  });

  it('checks blocked addresses\' checksums at boot', () => {
    const good = 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy';
    expect([...payoutSettings(loadPayoutConfig({ PAYOUT_BLOCKED_ADDRESSES: good })).blocked]).toEqual([good]);
    expect([...payoutSettings(loadPayoutConfig({ WALLET_TREASURY_ADDRESS: good })).blocked]).toEqual([good]);
    const bad = good.slice(0, -1) + 'z';
    expect(() => payoutSettings(loadPayoutConfig({ PAYOUT_BLOCKED_ADDRESSES: `${good},${bad}` }))).toThrow(/PAYOUT_BLOCKED_ADDRESSES/);
  });
});
