import fc from 'fast-check';
import { bandwidthOf, checkResources, ChainPrices, SenderResources } from './transfer-resources';

const prices: ChainPrices = { energy: 100n, bandwidth: 1_000n, createAccount: 100_000n, createAccountInSystemContract: 1_000_000n };
const sender = (over: Partial<SenderResources> = {}): SenderResources => ({
  activated: true,
  balance: 0n,
  energyAvailable: 0n,
  freeBandwidthAvailable: 600n,
  stakedBandwidthAvailable: 0n,
  ...over,
});

describe('transfer resources (would it run on chain?)', () => {
  it('a USDT transfer on delegated energy and free bandwidth burns nothing', () => {
    expect(checkResources({ kind: 'trc20', sender: sender({ energyAvailable: 64_285n }), prices, bytes: 345, energy: 64_285n, feeLimit: 7_071_350n })).toEqual({ ok: true, burnSun: 0n });
  });

  it('refuses a transfer that would run out of energy, and one whose fee limit is too low', () => {
    const short = checkResources({ kind: 'trc20', sender: sender({ energyAvailable: 64_284n }), prices, bytes: 345, energy: 64_285n, feeLimit: 10_000_000n });
    expect(short).toMatchObject({ ok: false, code: 'insufficient_energy' });
    const lowLimit = checkResources({ kind: 'trc20', sender: sender({ energyAvailable: 64_285n }), prices, bytes: 345, energy: 64_285n, feeLimit: 6_428_499n });
    expect(lowLimit).toMatchObject({ ok: false, code: 'fee_limit_too_low' });
  });

  it('burns from the balance what staked energy lacks, after the bandwidth it burns', () => {
    const s = sender({ energyAvailable: 30_000n, balance: 3_428_500n + 345_000n, freeBandwidthAvailable: 0n });
    expect(checkResources({ kind: 'trc20', sender: s, prices, bytes: 345, energy: 64_285n, feeLimit: 10_000_000n })).toEqual({ ok: true, burnSun: 345_000n + 3_428_500n });
    expect(checkResources({ kind: 'trc20', sender: { ...s, balance: s.balance - 1n }, prices, bytes: 345, energy: 64_285n, feeLimit: 10_000_000n }).ok).toBe(false);
  });

  it('an address that never held TRX cannot send at all', () => {
    expect(checkResources({ kind: 'trc20', sender: sender({ activated: false, energyAvailable: 1_000_000n }), prices, bytes: 345, energy: 1n, feeLimit: 1_000n })).toMatchObject({
      code: 'sender_not_activated',
    });
  });

  it('TRX to an address not yet on chain pays the creation fees; the free allowance never pays them', () => {
    const s = sender({ balance: 5_000_000n });
    expect(checkResources({ kind: 'trx', sender: s, prices, bytes: 270, amount: 3_900_000n, receiverActivated: false })).toEqual({ ok: true, burnSun: 1_100_000n });
    expect(checkResources({ kind: 'trx', sender: s, prices, bytes: 270, amount: 3_900_001n, receiverActivated: false })).toMatchObject({ code: 'insufficient_balance' });
    expect(checkResources({ kind: 'trx', sender: s, prices, bytes: 270, amount: 5_000_000n, receiverActivated: true })).toEqual({ ok: true, burnSun: 0n });
  });

  it('property: whatever it accepts, the balance covers every SUN it says will burn, and the energy is all there', () => {
    fc.assert(
      fc.property(
        fc.record({
          balance: fc.bigInt({ min: 0n, max: 50_000_000n }),
          energyAvailable: fc.bigInt({ min: 0n, max: 200_000n }),
          free: fc.bigInt({ min: 0n, max: 600n }),
          staked: fc.bigInt({ min: 0n, max: 2_000n }),
          energy: fc.bigInt({ min: 1n, max: 200_000n }),
          feeLimit: fc.bigInt({ min: 0n, max: 30_000_000n }),
          bytes: fc.integer({ min: 200, max: 600 }),
        }),
        (r) => {
          const s = sender({ balance: r.balance, energyAvailable: r.energyAvailable, freeBandwidthAvailable: r.free, stakedBandwidthAvailable: r.staked });
          const v = checkResources({ kind: 'trc20', sender: s, prices, bytes: r.bytes, energy: r.energy, feeLimit: r.feeLimit });
          if (!v.ok) return;
          expect(v.burnSun).toBeLessThanOrEqual(r.balance);
          expect(r.feeLimit / prices.energy).toBeGreaterThanOrEqual(r.energy);
          const bandwidthBurn = r.staked >= BigInt(r.bytes) || r.free >= BigInt(r.bytes) ? 0n : BigInt(r.bytes) * prices.bandwidth;
          expect(r.energyAvailable + (r.balance - bandwidthBurn) / prices.energy).toBeGreaterThanOrEqual(r.energy);
        },
      ),
    );
  });

  it('bandwidth of a signed transaction: serialized size plus the result allowance', () => {
    // 200 raw bytes: 1 + 2 (length) + 200, one signature field of 67, 64 for the result.
    expect(bandwidthOf('ab'.repeat(200))).toBe(1 + 2 + 200 + 67 + 64);
    expect(bandwidthOf('ab'.repeat(100), 2)).toBe(1 + 1 + 100 + 134 + 64);
  });
});
