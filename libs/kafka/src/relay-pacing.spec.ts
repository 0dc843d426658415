import { describe, expect, it } from '@jest/globals';
import { ServiceLoopPacer } from './relay-pacing';

/** A pacer on a fake clock: each wait moves it on, and the service may report during a wait. */
function pacer(duringWait: (pacer: ServiceLoopPacer, waited: number) => void = () => undefined) {
  let clock = 1_000;
  let waits = 0;
  const subject: ServiceLoopPacer = new ServiceLoopPacer({ busyDelayMs: 10, pauseMs: 20, maxWaitMs: 200, staleAfterMs: 500 }, () => clock, async (ms) => {
    clock += ms;
    waits++;
    duringWait(subject, waits);
  });
  return { subject, waits: () => waits, advance: (ms: number) => (clock += ms) };
}

describe('ServiceLoopPacer', () => {
  it('does not wait while the service keeps time, or before it reports at all', async () => {
    const { subject, waits } = pacer();
    await subject.beforeBatch();
    subject.report(3);
    await subject.beforeBatch();
    expect(waits()).toBe(0);
  });

  it('waits while the service reports its loop held up, and goes on once it keeps time again', async () => {
    const { subject, waits } = pacer((p, waited) => waited === 3 && p.report(2));
    subject.report(35);
    await subject.beforeBatch();
    expect(waits()).toBe(3);
  });

  it('never holds a batch longer than maxWaitMs, however busy the service stays', async () => {
    const { subject, waits } = pacer((p) => p.report(80));
    subject.report(80);
    await subject.beforeBatch();
    expect(waits()).toBe(10);
  });

  it('ignores a report gone stale (the service stopped reporting)', async () => {
    const { subject, waits, advance } = pacer();
    subject.report(80);
    advance(600);
    await subject.beforeBatch();
    expect(waits()).toBe(0);
  });
});
