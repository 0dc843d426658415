import { describe, expect, it } from '@jest/globals';
import { ServiceLoopPacer } from './relay-pacing';

/** A pacer on a fake clock: each wait moves it on, and the service may report during a wait. */
function pacer(duringWait: (pacer: ServiceLoopPacer, waited: number) => void = () => undefined) {
  let clock = 1_000;
  let waits = 0;
  const rests: number[] = [];
  const options = { busyDelayMs: 10, pauseMs: 20, maxWaitMs: 200, staleAfterMs: 500, catchUpShare: 0.25, fullBatch: 100 };
  const subject: ServiceLoopPacer = new ServiceLoopPacer(options, () => clock, async (ms) => {
    clock += ms;
    waits++;
    rests.push(ms);
    duringWait(subject, waits);
  });
  return { subject, waits: () => waits, rests, advance: (ms: number) => (clock += ms) };
}

const SMALL = 10;
const FULL = 100;

describe('ServiceLoopPacer', () => {
  it('does not wait while the service keeps time, or before it reports at all', async () => {
    const { subject, waits } = pacer();
    await subject.beforeBatch(SMALL);
    subject.report(3);
    await subject.beforeBatch(SMALL);
    expect(waits()).toBe(0);
  });

  it('waits while the service reports its loop held up, and goes on once it keeps time again', async () => {
    const { subject, waits } = pacer((p, waited) => waited === 3 && p.report(2));
    subject.report(35);
    await subject.beforeBatch(SMALL);
    expect(waits()).toBe(3);
  });

  it('never holds a batch longer than maxWaitMs, however busy the service stays', async () => {
    const { subject, waits } = pacer((p) => p.report(80));
    subject.report(80);
    await subject.beforeBatch(SMALL);
    expect(waits()).toBe(10);
  });

  it('ignores a report gone stale (the service stopped reporting)', async () => {
    const { subject, waits, advance } = pacer();
    subject.report(80);
    advance(600);
    await subject.beforeBatch(SMALL);
    expect(waits()).toBe(0);
  });

  it('rests between full batches, three times as long as the last one took at a share of 1/4, at most maxWaitMs', async () => {
    const { subject, rests, advance } = pacer();
    await subject.beforeBatch(FULL);
    expect(rests).toEqual([]);
    advance(40);
    await subject.beforeBatch(FULL);
    expect(rests).toEqual([120]);
    advance(100);
    await subject.beforeBatch(FULL);
    expect(rests).toEqual([120, 200]);
  });

  it('does not rest before a batch that is not full, nor before the first full one after it: the relay kept up', async () => {
    const { subject, waits, advance } = pacer();
    await subject.beforeBatch(FULL);
    advance(40);
    await subject.beforeBatch(SMALL);
    advance(5_000);
    await subject.beforeBatch(FULL);
    expect(waits()).toBe(0);
  });
});
