import { describe, expect, it } from '@jest/globals';
import { DecidedStateCache } from './decided-state-cache';

describe('DecidedStateCache', () => {
  it('forgets the least recently used stream beyond maxEntries', () => {
    const cache = new DecidedStateCache<string>({ maxEntries: 2 });
    cache.set('a', { revision: 0, state: 'a0' });
    cache.set('b', { revision: 0, state: 'b0' });
    cache.get('a');
    cache.set('c', { revision: 0, state: 'c0' });

    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ revision: 0, state: 'a0' });
    expect(cache.get('c')).toEqual({ revision: 0, state: 'c0' });
  });

  it('keeps the later revision when commands on one stream finish out of order', () => {
    const cache = new DecidedStateCache<string>({ maxEntries: 4 });
    cache.set('a', { revision: 5, state: 'a5' });
    cache.set('a', { revision: 3, state: 'a3' });
    expect(cache.get('a')).toEqual({ revision: 5, state: 'a5' });
    cache.set('a', { revision: 6, state: 'a6' });
    expect(cache.get('a')).toEqual({ revision: 6, state: 'a6' });
  });

  it('deletes and clears', () => {
    const cache = new DecidedStateCache<number>({ maxEntries: 4 });
    cache.set('a', { revision: 0, state: 1 });
    cache.set('b', { revision: 0, state: 1 });
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new DecidedStateCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new DecidedStateCache({ maxEntries: 1.5 })).toThrow(RangeError);
  });
});
