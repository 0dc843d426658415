import { describe, expect, it } from '@jest/globals';
import { SINGLE_THREADED_GC_FLAG, wantsSingleThreadedGc } from './replay-v8-flags';

describe('the collector a replay runs with', () => {
  it('is single-threaded on two cores or fewer, where collector threads would only take turns with the replay', () => {
    expect(wantsSingleThreadedGc(2, [])).toBe(true);
    expect(wantsSingleThreadedGc(1, ['--max-old-space-size=4096'])).toBe(true);
  });

  it("is V8's own with more cores, and the CLI is not started again once it has the flag", () => {
    expect(wantsSingleThreadedGc(4, [])).toBe(false);
    expect(wantsSingleThreadedGc(2, [SINGLE_THREADED_GC_FLAG])).toBe(false);
  });
});
