import { createHash } from 'node:crypto';
import type { Projection } from './projection';
import type { PersistedDocument } from './query-model-store.port';

/**
 * JSON with object keys sorted, so a checksum does not depend on key insertion order (a document
 * read back from a store and the same document built in memory agree). Undefined properties are
 * left out and undefined array items become null, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
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
