import { describe, expect, it } from '@jest/globals';
import { RecordManagers, withEntry } from './record-managers';

describe('a managers record', () => {
  it('given managers, when one is updated, then it keeps its place and the record it came from is untouched', () => {
    const before = { s_a: 1, s_b: 2, s_c: 3 };
    const after = withEntry(before, 's_b', 20);
    expect(Object.entries(after)).toEqual([['s_a', 1], ['s_b', 20], ['s_c', 3]]);
    expect(before).toEqual({ s_a: 1, s_b: 2, s_c: 3 });
  });

  it('given managers, when one appears, then it comes last', () => {
    expect(Object.keys(withEntry({ s_a: 1 }, 's_z', 2))).toEqual(['s_a', 's_z']);
  });

  it('given managers, when one is removed, then the others stay in order', () => {
    const managers = new RecordManagers({ s_a: 1, s_b: 2, s_c: 3 }).delete('s_b');
    expect(Object.entries(managers.record)).toEqual([['s_a', 1], ['s_c', 3]]);
    expect(managers.size).toBe(2);
  });

  it('given a system_id named __proto__, then it is an ordinary manager', () => {
    const managers = new RecordManagers<number>({}).set('__proto__', 7).set('constructor', 8);
    expect(managers.get('__proto__')).toBe(7);
    expect(Object.keys(managers.record)).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(managers.toJSON()))).toEqual(JSON.parse('{"__proto__":7,"constructor":8}'));
    expect(managers.delete('__proto__').has('__proto__')).toBe(false);
  });

  it('is a record without a prototype, so that V8 keeps it a hash table rather than a hidden class per system_id', () => {
    expect(Object.getPrototypeOf(withEntry({}, 's_a', 1))).toBeNull();
    expect(new RecordManagers({}).get('toString')).toBeUndefined();
  });
});
