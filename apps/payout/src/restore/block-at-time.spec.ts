import fc from 'fast-check';
import { blockAtOrBefore } from './block-at-time';

describe('the block at a time', () => {
  it('is the newest block stamped at or before it, for any chain (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: -100, max: 2_000_000 }), async (gaps, time) => {
        const stamps: number[] = [];
        gaps.forEach((g, i) => stamps.push(i === 0 ? g : stamps[i - 1] + g));
        const reads: number[] = [];
        const found = await blockAtOrBefore(time, { number: stamps.length - 1, timestamp: stamps[stamps.length - 1] }, async (n) => (reads.push(n), stamps[n]));
        const newest = stamps.reduce((best, ts, n) => (ts <= time ? n : best), 0);
        expect(found).toBe(newest);
        expect(reads.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(stamps.length + 1)) + 2);
      }),
    );
  });
});
