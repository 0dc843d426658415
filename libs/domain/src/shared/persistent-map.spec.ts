import { describe, expect, it } from '@jest/globals';
import { deepFreeze } from '../../../../test/support/deep-freeze';
import { PersistentMap } from './persistent-map';
import { fnv1a32 } from './string-hash';

/** A small deterministic PRNG (mulberry32), so a failure replays the same way. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sorted = <V>(map: PersistentMap<V>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const sortedModel = <V>(model: Map<string, V>) => [...model].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Pairs of keys with equal 32-bit hashes (found by a birthday search), so the collision path runs. */
const COLLIDING = [['s_33zx', 's_epad'], ['s_33zy', 's_epae'], ['s_33zz', 's_epaf']];

describe('PersistentMap', () => {
  it('behaves as a Map over thousands of random sets and deletes, colliding keys included', () => {
    const next = random(42);
    const keys = [...Array.from({ length: 3000 }, (_, i) => `s_${i.toString(36)}`), ...COLLIDING.flat(), '__proto__', 'constructor', ''];
    let map = PersistentMap.empty<number>();
    const model = new Map<string, number>();
    for (let step = 0; step < 20000; step++) {
      const key = keys[Math.floor(next() * keys.length)];
      if (next() < 0.3) {
        map = map.delete(key);
        model.delete(key);
      } else {
        map = map.set(key, step);
        model.set(key, step);
      }
      if (step % 997 === 0) expect(sorted(map)).toEqual(sortedModel(model));
    }
    expect(map.size).toBe(model.size);
    for (const key of keys) {
      expect(map.get(key)).toBe(model.get(key));
      expect(map.has(key)).toBe(model.has(key));
    }
    expect(sorted(map)).toEqual(sortedModel(model));
  });

  it('keeps colliding keys apart', () => {
    for (const [a, b] of COLLIDING) expect(fnv1a32(a)).toBe(fnv1a32(b));
    const [[a, b]] = COLLIDING;
    const both = PersistentMap.empty<string>().set(a, 'A').set(b, 'B').set('other', 'O');
    expect([both.get(a), both.get(b), both.size]).toEqual(['A', 'B', 3]);
    expect(both.set(a, 'A2').get(b)).toBe('B');
    const one = both.delete(a);
    expect([one.get(a), one.get(b), one.size]).toEqual([undefined, 'B', 2]);
    expect(one.delete(b).delete('other')).toBe(PersistentMap.empty());
  });

  it('never changes a map it derives from: every earlier version reads as it did', () => {
    const versions: PersistentMap<number>[] = [PersistentMap.empty()];
    const contents: [string, number][][] = [[]];
    const next = random(7);
    for (let step = 0; step < 500; step++) {
      const previous = versions[versions.length - 1];
      const key = `k${Math.floor(next() * 200)}`;
      // Frozen, any write into a node it holds would throw.
      const map = next() < 0.25 ? deepFreeze(previous).delete(key) : deepFreeze(previous).set(key, step);
      versions.push(map);
      contents.push(sorted(map));
    }
    versions.forEach((version, i) => expect(sorted(version)).toEqual(contents[i]));
  });

  it('returns the same map when nothing changes', () => {
    const map = PersistentMap.of([['a', 1], ['b', 2]]);
    expect(map.set('a', 1)).toBe(map);
    expect(map.delete('zzz')).toBe(map);
  });

  it('takes __proto__ as an ordinary key, and shows entries in JSON', () => {
    const map = PersistentMap.of<number>([['__proto__', 1], ['constructor', 2]]);
    expect(map.get('__proto__')).toBe(1);
    expect(PersistentMap.empty<number>().get('constructor')).toBeUndefined();
    expect(JSON.parse(JSON.stringify({ map }))).toEqual({ map: JSON.parse('{"__proto__":1,"constructor":2}') });
  });
});
