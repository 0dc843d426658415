import { describe, expect, it } from '@jest/globals';
import { ReplayProgress } from './replay-progress';

/** A stream that records what was written, and a clock the test moves. */
function fixture(isTTY: boolean) {
  const written: string[] = [];
  let now = 1_000_000;
  const progress = new ReplayProgress({ isTTY, write: (text: string) => written.push(text) }, () => now);
  return { written, progress, advance: (ms: number) => (now += ms) };
}

describe('ReplayProgress', () => {
  it('writes a plain line every few seconds with events/s and ETA when the stream is not a terminal', () => {
    const { written, progress, advance } = fixture(false);
    progress.update(0, 1_000_000);
    advance(2_000);
    progress.update(100_000, 1_000_000); // too soon for another line
    advance(3_000);
    progress.update(250_000, 1_000_000);
    expect(written).toEqual(['replay: 250,000 / 1,000,000 events (25 %), 50,000 events/s, ETA 15 s\n']);
  });

  it('always writes the last line, when the head is reached', () => {
    const { written, progress, advance } = fixture(false);
    progress.update(0, 400);
    advance(100);
    progress.update(400, 400);
    expect(written.at(-1)).toBe('replay: 400 / 400 events (100 %), 4,000 events/s, ETA 0 s\n');
  });

  it('draws a bar with events/s and ETA on a terminal', () => {
    const { written, progress, advance } = fixture(true);
    progress.update(0, 1_000);
    advance(1_000);
    progress.update(500, 1_000);
    progress.stop();
    const screen = written.join('');
    expect(screen).toContain('events/s');
    expect(screen).toContain('ETA');
    expect(screen).toContain('/1000 events');
  });
});
