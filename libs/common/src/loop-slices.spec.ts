import { describe, expect, it } from '@jest/globals';
import { LoopSlices } from './loop-slices';

describe('LoopSlices', () => {
  it('hands the loop back once per spent budget, reading the clock every few items', async () => {
    let clock = 0;
    let reads = 0;
    let yields = 0;
    const slices = new LoopSlices(4, 10, () => (reads++, clock), async () => void yields++);
    for (let item = 1; item <= 100; item++) {
      clock += 0.25; // 40 items take 10 ms: about two slices' budget
      if (slices.due()) await slices.handBack();
    }
    // Items 10, 20 … 100 read the clock (plus the construction); 4 ms are spent by item 20, 40, 60, 80, 100.
    expect(reads).toBe(1 + 10 + 5);
    expect(yields).toBe(5);
  });

  it('really lets timers run between slices', async () => {
    const slices = new LoopSlices(1, 1);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const until = performance.now() + 30;
    while (!timerRan && performance.now() < until + 1000) {
      const busy = performance.now() + 2;
      while (performance.now() < busy);
      if (slices.due()) await slices.handBack();
    }
    expect(timerRan).toBe(true);
  });
});
