import { describe, expect, it } from '@jest/globals';
import { FixedWindowRateLimiter } from './fixed-window-rate-limiter';

const MINUTE = 60_000;

describe('FixedWindowRateLimiter', () => {
  it('allows `limit` requests per key in a window that starts at the first one', () => {
    const limiter = new FixedWindowRateLimiter(3, MINUTE);
    const at = (ms: number, key = 'a') => limiter.allow(key, ms);

    expect([at(1_000), at(2_000), at(3_000), at(4_000)]).toEqual([true, true, true, false]);
    expect(at(60_999)).toBe(false); // still the window opened at 1 000
    expect(at(61_000)).toBe(true); // a new window
    expect(at(5_000, 'b')).toBe(true); // keys are independent
  });

  it('never limits with a limit of 0', () => {
    const limiter = new FixedWindowRateLimiter(0, MINUTE);
    expect(Array.from({ length: 10_000 }, (_, i) => limiter.allow('a', i)).every(Boolean)).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('forgets keys whose window ended', () => {
    const limiter = new FixedWindowRateLimiter(5, MINUTE);
    for (let i = 0; i < 1_000; i++) limiter.allow(`runner-${i}`, 0);
    expect(limiter.size).toBe(1_000);

    limiter.allow('late', 2 * MINUTE);

    expect(limiter.size).toBe(1);
  });
});
