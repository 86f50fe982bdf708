import { ConfigError } from './load-config';
import { loadStakingConfig } from './staking-config';
import { loadSweepConfig } from './sweep-config';
import { loadUsdtConfig } from './usdt-config';

const WALLET = '0f8b1c9e-4a51-4a2f-9a3e-2f1c5b7d9e01';

describe('usdt, staking and sweep settings', () => {
  it('defaults: the energy manager burns within 15 TRX, sweeps are off without a treasury', () => {
    const staking = loadStakingConfig({});
    expect(staking.energy).toMatchObject({ stakingWalletId: null, feeWalletId: null, feeCapSun: 15_000_000n, topUpMaxSun: 30_000_000n, lockBlocks: 0 });
    expect(staking.schedule).toMatchObject({ autoWithdraw: true, rewardClaimIntervalMs: 86_400_000, rewardClaimMinSun: 1_000_000n });
    expect(loadSweepConfig({})).toMatchObject({ enabled: false, coldAddress: null, threshold: { usdt: 1_000_000n, trx: 1_000_000n } });
    expect(loadUsdtConfig({}).transfers).toEqual({ expirationMs: 300_000, followIntervalMs: 1_000, feeLimitMarginBps: 1_000 });
  });

  it('the fee wallet defaults to the staking wallet; amounts are whole units to base units, exactly', () => {
    const c = loadStakingConfig({ ENERGY_STAKING_WALLET_ID: WALLET.toUpperCase(), ENERGY_FEE_CAP_TRX: '0.000001' });
    expect(c.energy).toMatchObject({ stakingWalletId: WALLET, feeWalletId: WALLET, feeCapSun: 1n });
    const s = loadSweepConfig({ WALLET_TREASURY_ADDRESS: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', SWEEP_HOT_WALLET_ID: WALLET, SWEEP_HOT_CAP_USDT: '5000.5' });
    expect(s).toMatchObject({ enabled: true, hotWalletId: WALLET, hotCap: { usdt: 5_000_500_000n, trx: 0n } });
    expect(loadSweepConfig({ WALLET_TREASURY_ADDRESS: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', SWEEP_ENABLED: 'false' }).enabled).toBe(false);
  });

  it('a bad value stops the boot naming every bad variable', () => {
    const problems = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    const staking = problems(() => loadStakingConfig({ ENERGY_STAKING_WALLET_ID: 'nope', ENERGY_FEE_CAP_TRX: '1e3', ENERGY_LOCK_BLOCKS: '-1', STAKING_AUTO_WITHDRAW: 'maybe' }));
    for (const name of ['ENERGY_STAKING_WALLET_ID', 'ENERGY_FEE_CAP_TRX', 'ENERGY_LOCK_BLOCKS', 'STAKING_AUTO_WITHDRAW']) expect(staking).toContain(name);
    const sweep = problems(() => loadSweepConfig({ WALLET_TREASURY_ADDRESS: '0xabc', SWEEP_USDT_THRESHOLD: '-1', SWEEP_CONCURRENCY: '0' }));
    for (const name of ['WALLET_TREASURY_ADDRESS', 'SWEEP_USDT_THRESHOLD', 'SWEEP_CONCURRENCY']) expect(sweep).toContain(name);
    expect(problems(() => loadUsdtConfig({ USDT_TX_EXPIRATION_SECONDS: '5' }))).toContain('USDT_TX_EXPIRATION_SECONDS');
  });
});
