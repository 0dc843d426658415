import { createHash } from 'node:crypto';
import type { Projection } from './projection';
import type { PersistedDocument } from './query-model-store.port';

/** Object keys recur (field names): their JSON is kept, up to a bound, since system_ids as keys do not. */
const KEY_JSON = new Map<string, string>();
const KEY_JSON_LIMIT = 4096;

function keyJson(key: string): string {
  let json = KEY_JSON.get(key);
  if (json === undefined) {
    json = JSON.stringify(key);
    if (KEY_JSON.size < KEY_JSON_LIMIT) KEY_JSON.set(key, json);
  }
  return json;
}

/**
 * JSON with object keys sorted, so a checksum does not depend on key insertion order (a document
 * read back from a store and the same document built in memory agree). Undefined properties are
 * left out and undefined array items become null, as JSON.stringify does. A replay checksums
 * millions of documents, hence the cases by type.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    out += `${out.length === 1 ? '' : ','}${keyJson(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function digest(keyed: [string, unknown][]): string {
  keyed.sort(byKey);
  const hash = createHash('sha256');
  for (const [key, doc] of keyed) hash.update(`${key}\n${canonicalJson(doc)}\n`);
  return hash.digest('hex');
}

/** sha256 over the documents sorted by collection/id, one line per document: collection/id, then the document as canonical JSON. */
export function checksumOf(documents: Iterable<PersistedDocument>): string {
  const keyed: [string, unknown][] = [];
  for (const document of documents) keyed.push([`${document.collection}/${document.id}`, document.doc]);
  return digest(keyed);
}

/** The same checksum over a projection's documents in memory, with their count. */
export function projectionChecksum(projection: Projection): { documents: number; checksum: string } {
  const keyed: [string, unknown][] = [];
  for (const collection of projection.collections) for (const [id, doc] of collection.entries()) keyed.push([`${collection.name}/${id}`, doc]);
  return { documents: keyed.length, checksum: digest(keyed) };
}

const hasOwn = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);
/** What canonicalJson writes of an object's property: not undefined ones, nor functions. */
const written = (item: unknown) => item !== undefined && typeof item !== 'function';

/**
 * Whether two values have the same canonicalJson, without writing it: the replay's comparison of a
 * live model with its rebuild (equal nearly always, and a million documents each) then writes and
 * hashes only one side. Follows canonicalJson case by case (property-tested against it).
 */
export function canonicallyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aIsObject = a !== null && typeof a === 'object';
  if (aIsObject !== (b !== null && typeof b === 'object')) return false;
  // Two scalars that are not identical can still write the same (NaN and null both write null).
  if (!aIsObject) return canonicalJson(a) === canonicalJson(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!canonicallyEqual(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(left)) {
    if (!written(left[key])) continue;
    count++;
    if (!hasOwn(right, key) || !written(right[key]) || !canonicallyEqual(left[key], right[key])) return false;
  }
  let rightCount = 0;
  for (const key of Object.keys(right)) if (written(right[key])) rightCount++;
  return count === rightCount;
}

/** Whether two projections hold the same documents: the same collections, ids and canonicalJson (their checksums are then the same). */
export function sameDocuments(a: Projection, b: Projection): boolean {
  if (a.collections.length !== b.collections.length) return false;
  for (const collection of a.collections) {
    const other = b.collections.find((c) => c.name === collection.name);
    if (!other || other.size !== collection.size) return false;
    for (const [id, doc] of collection.entries()) {
      const otherDoc = other.get(id);
      if (otherDoc === undefined || !canonicallyEqual(doc, otherDoc)) return false;
    }
  }
  return true;
}
