import { nextAttemptAt, retryDelayMs } from './webhook-retry';

const policy = { baseMs: 1_000, maxDelayMs: 60_000, windowMs: 3_600_000 };

describe('retryDelayMs', () => {
  it('doubles from the base, within +/-20% jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 0.5))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(1, policy, () => 0)).toBe(800);
    expect(retryDelayMs(1, policy, () => 0.999999)).toBe(1_200);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const n of [7, 10, 50, 1_000, Number.MAX_SAFE_INTEGER]) {
      for (const r of [0, 0.5, 0.999999]) expect(retryDelayMs(n, policy, () => r)).toBeLessThanOrEqual(60_000);
    }
    expect(retryDelayMs(1_000, policy, () => 0.5)).toBe(60_000);
  });
});

describe('nextAttemptAt', () => {
  const start = new Date('2026-01-01T00:00:00Z');

  it('schedules the next attempt while the window is open', () => {
    const failedAt = new Date(start.getTime() + 10_000);
    expect(nextAttemptAt(3, failedAt, start, policy, () => 0.5)).toEqual(new Date(failedAt.getTime() + 4_000));
  });

  it('gives up once the next attempt would fall after the window', () => {
    const late = new Date(start.getTime() + policy.windowMs - 500);
    expect(nextAttemptAt(1, late, start, policy, () => 0.5)).toBeNull();
    expect(nextAttemptAt(1, new Date(start.getTime() + policy.windowMs - 1_000), start, policy, () => 0.5)).not.toBeNull();
  });
});
