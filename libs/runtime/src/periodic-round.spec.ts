import { Logger } from '@nestjs/common';
import { PeriodicRound } from './periodic-round';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicRound', () => {
  it('runs rounds one at a time, goes on after a failed one, and stop waits for the round in flight', async () => {
    let running = 0;
    let overlapped = false;
    let rounds = 0;
    let finished = 0;
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as unknown as Logger;
    const periodic = new PeriodicRound('test round', 5, async () => {
      rounds++;
      if (running++ > 0) overlapped = true;
      await sleep(30);
      running--;
      finished++;
      if (rounds === 1) throw new Error('the first one fails');
    }, logger);
    periodic.start();
    periodic.start();
    while (rounds < 3) await sleep(5);
    await periodic.stop();
    // Stopped: the round that was running has ended, and no other starts.
    expect([periodic.started, running, finished]).toEqual([false, 0, rounds]);
    const after = rounds;
    await sleep(40);
    expect(rounds).toBe(after);
    expect(overlapped).toBe(false);
    expect(warnings).toEqual(['test round failed: the first one fails']);
  });

  it('runs at once when asked to, joins a round in flight, and keeps the last failure until a round succeeds', async () => {
    let calls = 0;
    let fail = true;
    const logger = { warn: () => undefined } as unknown as Logger;
    const periodic = new PeriodicRound('joined round', 60_000, async () => {
      calls++;
      await sleep(20);
      if (fail) throw new Error('down');
    }, logger, { immediate: true });
    periodic.start();
    // The round started by start() is the one runNow joins: one call, its failure kept.
    await periodic.runNow();
    expect([calls, periodic.lastError, periodic.lastRoundAt]).toEqual([1, 'down', expect.any(Date)]);
    fail = false;
    await periodic.runNow();
    expect([calls, periodic.lastError]).toEqual([2, null]);
    await periodic.stop();
  });
});
