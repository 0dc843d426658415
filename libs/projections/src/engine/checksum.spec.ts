import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson, canonicallyEqual, projectionChecksum, sameDocuments } from './checksum';
import { DocumentCollection } from './document-collection';
import type { Projection } from './projection';

/** Keys that trip naive lookups: prototype names, and a few plain ones that repeat across documents. */
const key = fc.constantFrom('a', 'b', 'c', 'id', '__proto__', 'constructor', 'toString', '');

/** JSON-like values with what canonicalJson treats specially: undefined, functions, NaN, -0, holes, objects without a prototype. */
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, true, false, 0, -0, 1, NaN, Infinity, '', 'x', '0', () => 1),
    fc.integer({ min: -3, max: 3 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: false }),
  ),
})).value;

/** The same value with every object's keys in another order (canonicalJson ignores it), sometimes with an undefined property added. */
function reordered(value: unknown, addUndefined: boolean): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => reordered(item, addUndefined));
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const k of Object.keys(value).reverse()) Object.defineProperty(out, k, { value: reordered((value as Record<string, unknown>)[k], addUndefined), enumerable: true, writable: true, configurable: true });
  if (addUndefined && !Object.prototype.hasOwnProperty.call(out, 'extra')) out.extra = undefined;
  return out;
}

describe('canonicallyEqual', () => {
  it('says what comparing canonicalJson says, on random pairs', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(canonicallyEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a value equal to itself with its keys reordered, and unequal once one leaf changes', () => {
    fc.assert(
      fc.property(value, fc.boolean(), (a, addUndefined) => {
        expect(canonicallyEqual(a, reordered(a, addUndefined))).toBe(true);
        expect(canonicallyEqual({ doc: a, n: 1 }, { doc: reordered(a, addUndefined), n: 2 })).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('tells an own __proto__ key from a missing one', () => {
    expect(canonicallyEqual(JSON.parse('{"__proto__":{}}'), {})).toBe(false);
    expect(canonicallyEqual({}, JSON.parse('{"__proto__":{}}'))).toBe(false);
    // As many keys on both sides: only the own-key check tells them apart (Object.prototype would pass for {}).
    expect(canonicallyEqual(JSON.parse('{"__proto__":{}}'), { a: {} })).toBe(false);
    expect(canonicallyEqual(JSON.parse('{"__proto__":{"a":1}}'), JSON.parse('{"__proto__":{"a":1}}'))).toBe(true);
  });
});

function projectionOf(docs: Record<string, Record<string, unknown>>): Projection {
  const collections = Object.entries(docs).map(([name, byId]) => {
    const collection = new DocumentCollection<unknown>(name);
    for (const [id, doc] of Object.entries(byId)) collection.set(id, doc);
    return collection;
  });
  return { name: 'p', collections, apply: () => undefined };
}

describe('sameDocuments', () => {
  it('is true exactly when the checksums agree', () => {
    const base = { runners: { 1: { a: 1, b: [1, 2] }, 2: { a: 2 } }, meta: { ids: { highest: 2 } } };
    const cases: [Record<string, Record<string, unknown>>, boolean][] = [
      [{ runners: { 2: { a: 2 }, 1: { b: [1, 2], a: 1 } }, meta: { ids: { highest: 2 } } }, true],
      [{ runners: { 1: { a: 1, b: [1, 2] }, 2: { a: 3 } }, meta: { ids: { highest: 2 } } }, false],
      [{ runners: { 1: { a: 1, b: [1, 2] }, 3: { a: 2 } }, meta: { ids: { highest: 2 } } }, false],
      [{ runners: { 1: { a: 1, b: [1, 2] } }, meta: { ids: { highest: 2 } } }, false],
      [{ runners: { 1: { a: 1, b: [1, 2] }, 2: { a: 2 } }, other: { ids: { highest: 2 } } }, false],
      [{ runners: { 1: { a: 1, b: [1, 2] }, 2: { a: 2 } } }, false],
    ];
    for (const [docs, same] of cases) {
      const [a, b] = [projectionOf(base), projectionOf(docs)];
      expect(sameDocuments(a, b)).toBe(same);
      expect(projectionChecksum(a).checksum === projectionChecksum(b).checksum).toBe(same);
    }
  });
});
