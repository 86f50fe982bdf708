import fc from 'fast-check';
import { planLease, PlanInput, resourceOf, stakeFor } from './energy-plan';

// The devnet's (and mainnet's, roughly) network: about 9.47 energy and 1.66 bandwidth per TRX.
const totals = { energyLimit: 180_000_000_000n, energyWeight: 19_000_000_000n + 100_000n, netLimit: 43_200_000_000n, netWeight: 26_000_000_000n };
const fresh = { activated: false, balance: 0n, energyStake: 0n, energyUsed: 0n, bandwidthStake: 0n, stakedBandwidthUsed: 0n, freeBandwidthLeft: 0n };
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  energy: 64_285n,
  bandwidth: 345n,
  receiver: fresh,
  staking: { canDelegateEnergy: 1_000_000_000_000n, canDelegateBandwidth: 0n },
  totals,
  prices: { energy: 100n, bandwidth: 1_000n, freeNetLimit: 600n },
  topUpAllowed: true,
  feeWalletBalance: 1_000_000_000n,
  maxBurnSun: 15_000_000n,
  topUpMaxSun: 30_000_000n,
  activationSun: 1n,
  activationFeeSun: 1_100_000n,
  marginBps: 200,
  ...over,
});

describe('energy plan', () => {
  it('a fresh deposit address: 1 SUN activates it, the delegation covers the energy, the free allowance the bandwidth, nothing burns', () => {
    const plan = planLease(input());
    expect(plan).toMatchObject({ kind: 'plan', burnEnergy: 0n, burnSun: 0n, bandwidthBurnSun: 0n, delegateBandwidthSun: 0n, topUpSun: 1n });
    if (plan.kind !== 'plan') throw new Error();
    expect(plan.topUps).toEqual([{ kind: 'activation', amountSun: 1n }]);
    expect(plan.energyFromStake).toBeGreaterThanOrEqual(64_285n);
    // Whole TRX, a 2 % margin over the exact stake, no more.
    expect(plan.delegateEnergySun % 1_000_000n).toBe(0n);
    const exact = stakeFor(64_285n, totals.energyLimit, totals.energyWeight);
    expect(plan.delegateEnergySun).toBeLessThanOrEqual((exact * 10_200n) / 10_000n + 1_000_000n);
  });

  it('energy left from an earlier delegation is counted; usage recovering is too', () => {
    const stake = stakeFor(200_000n, totals.energyLimit, totals.energyWeight);
    const plenty = planLease(input({ receiver: { ...fresh, activated: true, energyStake: stake, energyUsed: 64_285n, freeBandwidthLeft: 600n } }));
    expect(plenty).toMatchObject({ kind: 'plan', delegateEnergySun: 0n, topUpSun: 0n, burnSun: 0n });
    const tight = planLease(input({ receiver: { ...fresh, activated: true, energyStake: stake, energyUsed: 180_000n, freeBandwidthLeft: 600n } }));
    if (tight.kind !== 'plan') throw new Error();
    expect(resourceOf(stake + tight.delegateEnergySun, totals.energyLimit, totals.energyWeight) - 180_000n).toBeGreaterThanOrEqual(64_285n);
  });

  it('staking short: delegates what it can and burns the rest within the cap, sending the TRX to burn', () => {
    const plan = planLease(input({ staking: { canDelegateEnergy: 3_000_000_000n, canDelegateBandwidth: 0n } }));
    if (plan.kind !== 'plan') throw new Error(JSON.stringify(plan));
    expect(plan.delegateEnergySun).toBe(3_000_000_000n);
    expect(plan.burnEnergy).toBe(64_285n - plan.energyFromStake);
    expect(plan.burnSun).toBe(plan.burnEnergy * 100n);
    expect(plan.topUps).toEqual([
      { kind: 'activation', amountSun: 0n },
      { kind: 'energy', amountSun: plan.burnSun },
    ]);
  });

  it('no staking wallet at all: the whole transfer burns (13.03 TRX for a new holder), if the cap allows', () => {
    const plan = planLease(input({ staking: null, energy: 130_285n }));
    expect(plan).toMatchObject({ kind: 'plan', delegateEnergySun: 0n, burnEnergy: 130_285n, burnSun: 13_028_500n, topUpSun: 13_028_500n });
  });

  it('the cap too low: waits, saying how much it would burn, and delegates nothing', () => {
    const plan = planLease(input({ staking: null, maxBurnSun: 5_000_000n }));
    expect(plan).toMatchObject({ kind: 'waiting', reason: 'energy_short' });
    if (plan.kind === 'waiting') expect(plan.detail).toContain('6428500 SUN');
  });

  it('a hot wallet pays its own: never topped up, waits when its balance cannot burn what it must', () => {
    const hot = { ...fresh, activated: true, balance: 1_000_000n, freeBandwidthLeft: 600n };
    expect(planLease(input({ receiver: hot, topUpAllowed: false, staking: null }))).toMatchObject({ kind: 'waiting', reason: 'balance_short' });
    expect(planLease(input({ receiver: { ...hot, balance: 10_000_000n }, topUpAllowed: false, staking: null }))).toMatchObject({ kind: 'plan', topUpSun: 0n, burnSun: 6_428_500n });
    expect(planLease(input({ receiver: fresh, topUpAllowed: false }))).toMatchObject({ kind: 'failed', reason: 'not_activated' });
  });

  it('bandwidth spent: delegated when the staking wallet has bandwidth stake, else burned with TRX sent for it', () => {
    const used = { ...fresh, activated: true, freeBandwidthLeft: 100n, energyStake: stakeFor(70_000n, totals.energyLimit, totals.energyWeight) };
    const burn = planLease(input({ receiver: used }));
    expect(burn).toMatchObject({ kind: 'plan', bandwidthBurnSun: 345_000n, topUpSun: 345_000n, topUps: [{ kind: 'bandwidth', amountSun: 345_000n }] });
    const delegated = planLease(input({ receiver: used, staking: { canDelegateEnergy: 0n, canDelegateBandwidth: 10_000_000_000n } }));
    if (delegated.kind !== 'plan') throw new Error();
    expect(delegated.bandwidthBurnSun).toBe(0n);
    expect(resourceOf(delegated.delegateBandwidthSun, totals.netLimit, totals.netWeight)).toBeGreaterThanOrEqual(345n);
  });

  it('the fee wallet short or unset: waits and says so', () => {
    expect(planLease(input({ feeWalletBalance: 1_000_000n }))).toMatchObject({ kind: 'waiting', reason: 'fee_wallet_short' });
    expect(planLease(input({ feeWalletBalance: null }))).toMatchObject({ kind: 'waiting', reason: 'fee_wallet_unset' });
  });

  it('property: a plan always covers the energy (stake plus burn), never burns over the cap, and the address ends up with the TRX it burns', () => {
    fc.assert(
      fc.property(
        fc.record({
          energy: fc.bigInt({ min: 0n, max: 400_000n }),
          bandwidth: fc.bigInt({ min: 0n, max: 1_500n }),
          activated: fc.boolean(),
          balance: fc.bigInt({ min: 0n, max: 40_000_000n }),
          energyStake: fc.bigInt({ min: 0n, max: 50_000_000_000n }),
          energyUsed: fc.bigInt({ min: 0n, max: 400_000n }),
          freeLeft: fc.bigInt({ min: 0n, max: 600n }),
          canEnergy: fc.bigInt({ min: 0n, max: 100_000_000_000n }),
          canBandwidth: fc.bigInt({ min: 0n, max: 5_000_000_000n }),
          cap: fc.bigInt({ min: 0n, max: 40_000_000n }),
          staking: fc.boolean(),
        }),
        (x) => {
          const receiver = { ...fresh, activated: x.activated, balance: x.activated ? x.balance : 0n, energyStake: x.activated ? x.energyStake : 0n, energyUsed: x.activated ? x.energyUsed : 0n, freeBandwidthLeft: x.freeLeft };
          const p = input({
            energy: x.energy,
            bandwidth: x.bandwidth,
            receiver,
            staking: x.staking ? { canDelegateEnergy: x.canEnergy, canDelegateBandwidth: x.canBandwidth } : null,
            maxBurnSun: x.cap,
            topUpMaxSun: 10n ** 12n,
          });
          const plan = planLease(p);
          if (plan.kind !== 'plan') return;
          const limit = resourceOf(receiver.energyStake + plan.delegateEnergySun, totals.energyLimit, totals.energyWeight);
          const fromStake = limit > receiver.energyUsed ? limit - receiver.energyUsed : 0n;
          expect(fromStake + plan.burnEnergy).toBeGreaterThanOrEqual(x.energy);
          expect(plan.burnSun).toBeLessThanOrEqual(x.cap);
          expect(plan.delegateEnergySun % 1_000_000n).toBe(0n);
          if (x.staking) expect(plan.delegateEnergySun).toBeLessThanOrEqual(x.canEnergy);
          expect(receiver.balance + plan.topUpSun).toBeGreaterThanOrEqual(plan.burnSun + plan.bandwidthBurnSun);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
