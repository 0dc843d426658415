/**
 * A port of Rack's nested parameter parsing (Rack::QueryParser#parse_nested_query and
 * _normalize_params), which is what Grape sees for query strings and form bodies.
 * Rack rather than `qs` because their semantics differ where clients notice:
 * `a=1&a=2` keeps the last value (qs makes an array), `a[0]=x` is a hash key
 * (qs makes an array), and `tag_list[]` may hold any number of items (qs turns
 * arrays past `arrayLimit` into objects).
 *
 * Hashes are null-prototype objects and `__proto__` keys are dropped, so nothing
 * parsed here can reach Object.prototype even if a caller later copies it with
 * Object.assign.
 */

/** Values from query strings and forms are strings or null; JSON bodies add numbers and booleans. */
export type ParamValue = string | number | boolean | null | ParamValue[] | ParamHash;
export interface ParamHash {
  [key: string]: ParamValue;
}

export class ParamsParseError extends Error {
  override name = 'ParamsParseError';
}

/** Rack 3's param_depth_limit. */
export const PARAM_DEPTH_LIMIT = 32;
/** Rack 3.1's params_limit: caps the work a single request can cause. */
export const PARAMS_LIMIT = 4096;

export function createParamHash(): ParamHash {
  return Object.create(null) as ParamHash;
}

export function isParamHash(value: unknown): value is ParamHash {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isForbiddenKey(key: string): boolean {
  return key === '__proto__';
}

/** `a=1&b[]=2&b[]=3&c[d]=4` → {a:"1", b:["2","3"], c:{d:"4"}}. */
export function parseNestedQuery(query: string): ParamHash {
  // Most requests (every runner poll) have no query string: no generator for them.
  if (query === '') return createParamHash();
  return normalizePairs(splitQuery(query));
}

/** Builds nested params from (name, value) pairs in arrival order, e.g. multipart fields. */
export function normalizePairs(pairs: Iterable<readonly [string, string | null]>): ParamHash {
  const params = createParamHash();
  let count = 0;
  for (const [name, value] of pairs) {
    if (++count > PARAMS_LIMIT) throw new ParamsParseError(`total number of query parameters (${count}) exceeds limit (${PARAMS_LIMIT})`);
    normalize(params, name, value, 0);
  }
  return params;
}

function* splitQuery(query: string): Generator<[string, string | null]> {
  if (query === '') return;
  // Rack 3 splits on /& */: spaces right after a separator are not part of the key.
  const parts = query.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = i === 0 ? parts[i] : trimLeadingSpaces(parts[i]);
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) yield [decodeComponent(part), null];
    else yield [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))];
  }
}

function trimLeadingSpaces(text: string): string {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) === 0x20) start++;
  return start === 0 ? text : text.slice(start);
}

const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/** URI.decode_www_form_component, plus GitLab's rejection of NUL bytes and invalid UTF-8. */
function decodeComponent(raw: string): string {
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return rejectNul(raw);
  const spaced = raw.replace(/\+/g, ' ');
  if (BAD_PERCENT.test(spaced)) throw new ParamsParseError(`invalid %-encoding (${raw})`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(spaced);
  } catch {
    throw new ParamsParseError('invalid byte sequence in UTF-8');
  }
  return rejectNul(decoded);
}

function rejectNul(text: string): string {
  if (text.indexOf('\u0000') >= 0) throw new ParamsParseError('null byte in parameter');
  return text;
}

function rubyClassName(value: ParamValue | undefined): string {
  if (value === null || value === undefined) return 'NilClass';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (typeof value === 'boolean') return value ? 'TrueClass' : 'FalseClass';
  return Array.isArray(value) ? 'Array' : 'Hash';
}

/** Line-by-line port of Rack::QueryParser#_normalize_params. */
function normalize(params: ParamHash, name: string, value: string | null, depth: number): ParamHash | ParamValue[] {
  if (depth >= PARAM_DEPTH_LIMIT) throw new ParamsParseError('exceeded available parameter key space');

  let key: string;
  let after: string;
  if (depth === 0) {
    // At the top level a leading "[" is part of the name.
    const start = name.indexOf('[', 1);
    if (start > 0) {
      key = name.slice(0, start);
      after = name.slice(start);
    } else {
      key = name;
      after = '';
    }
  } else if (name.startsWith('[]')) {
    key = '[]';
    after = name.slice(2);
  } else if (name.startsWith('[') && name.indexOf(']', 1) > 0) {
    const close = name.indexOf(']', 1);
    key = name.slice(1, close);
    after = name.slice(close + 1);
  } else {
    key = name;
    after = '';
  }

  if (key === '' || isForbiddenKey(key)) return params;

  if (after === '') {
    if (key === '[]' && depth !== 0) return [value];
    params[key] = value;
  } else if (after === '[') {
    params[name] = value;
  } else if (after === '[]') {
    const list = arrayAt(params, key);
    list.push(value);
  } else if (after.startsWith('[]')) {
    // x[][y]=1 builds an array of hashes; a repeated y starts the next hash.
    let childKey = after.slice(2);
    const inner = after.slice(3, -1);
    if (after[2] === '[' && after.endsWith(']') && inner !== '' && !inner.includes('[') && !inner.includes(']')) {
      childKey = inner;
    }
    const list = arrayAt(params, key);
    const last = list[list.length - 1];
    if (isParamHash(last) && !hashHasKey(last, childKey)) {
      normalize(last, childKey, value, depth + 1);
    } else {
      list.push(normalize(createParamHash(), childKey, value, depth + 1) as ParamValue);
    }
  } else {
    const existing = params[key] ?? (params[key] = createParamHash());
    if (!isParamHash(existing)) {
      throw new ParamsParseError(`expected Hash (got ${rubyClassName(existing)}) for param \`${key}'`);
    }
    params[key] = normalize(existing, after, value, depth + 1) as ParamValue;
  }
  return params;
}

function arrayAt(params: ParamHash, key: string): ParamValue[] {
  const existing = params[key] ?? (params[key] = []);
  if (!Array.isArray(existing)) {
    throw new ParamsParseError(`expected Array (got ${rubyClassName(existing)}) for param \`${key}'`);
  }
  return existing;
}

function hashHasKey(hash: ParamHash, key: string): boolean {
  if (key.includes('[]')) return false;
  let current: ParamValue = hash;
  for (const part of key.split(/[[\]]+/)) {
    if (part === '') continue;
    if (!isParamHash(current) || !Object.prototype.hasOwnProperty.call(current, part)) return false;
    current = current[part];
  }
  return true;
}
