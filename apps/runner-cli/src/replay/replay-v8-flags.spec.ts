import { describe, expect, it } from '@jest/globals';
import { missingReplayFlags, REPLAY_YOUNG_GENERATION_FLAGS, replayStartFlags, SINGLE_THREADED_GC_FLAG } from './replay-v8-flags';

describe('the V8 flags a replay runs with', () => {
  it('always a large young generation from the start; on two cores or fewer the single-threaded collector, where collector threads would only take turns with the replay', () => {
    expect(replayStartFlags(2)).toEqual([...REPLAY_YOUNG_GENERATION_FLAGS, SINGLE_THREADED_GC_FLAG]);
    expect(replayStartFlags(1)).toContain(SINGLE_THREADED_GC_FLAG);
    expect(replayStartFlags(4)).toEqual([...REPLAY_YOUNG_GENERATION_FLAGS]);
  });

  it('the CLI is started again only for the flags it lacks', () => {
    expect(missingReplayFlags(2, ['--max-old-space-size=4096'])).toEqual(replayStartFlags(2));
    expect(missingReplayFlags(4, [...REPLAY_YOUNG_GENERATION_FLAGS])).toEqual([]);
    expect(missingReplayFlags(2, [...REPLAY_YOUNG_GENERATION_FLAGS])).toEqual([SINGLE_THREADED_GC_FLAG]);
    expect(missingReplayFlags(2, [...replayStartFlags(2)])).toEqual([]);
  });
});
