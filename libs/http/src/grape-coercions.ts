/**
 * Grape's type coercion (Grape::Validations::Types::PrimitiveCoercer over dry-types'
 * Params/Coercible types) and GitLab's CommaSeparatedToArray.
 * Known gaps, all outside what JSON or form clients send in practice: JSON numbers are
 * JS doubles, so `1.0` arrives as `1` (Ruby would keep a Float), and integers beyond
 * Number.MAX_SAFE_INTEGER are rejected as invalid rather than becoming bignums.
 */
import { isParamHash } from './rack-params';

export const INVALID = Symbol('invalid');
export type Coerced = unknown | typeof INVALID;

export type ParamType = 'string' | 'integer' | 'boolean' | 'hash' | 'commaSeparatedArray';

export function coerce(type: ParamType, value: unknown): Coerced {
  switch (type) {
    case 'string':
      return toStringParam(value);
    case 'integer':
      return toInteger(value);
    case 'boolean':
      return toBoolean(value);
    case 'hash':
      return toHash(value);
    case 'commaSeparatedArray':
      return commaSeparatedToArray(value);
  }
}

/** dry-types Coercible::String; Grape refuses arrays and hashes (Virtus legacy). "" stays "". */
function toStringParam(value: unknown): Coerced {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return INVALID;
}

// Kernel#Integer(str, 10): surrounding whitespace, a sign, and single underscores between digits.
// Adjacent pieces match disjoint characters, so this cannot backtrack badly.
const RUBY_INTEGER = /^[ \t\n\v\f\r]*([+-]?)(\d+(?:_\d+)*)[ \t\n\v\f\r]*$/;

function toInteger(value: unknown): Coerced {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    // Kernel#Integer(12.5) truncates to 12; NaN/Infinity cannot come from JSON anyway.
    if (!Number.isFinite(value)) return INVALID;
    return safeInteger(Math.trunc(value));
  }
  if (typeof value !== 'string') return INVALID;
  const match = RUBY_INTEGER.exec(value);
  if (!match) return INVALID;
  return safeInteger(Number(match[1] + match[2].replace(/_/g, '')));
}

function safeInteger(n: number): Coerced {
  if (!Number.isSafeInteger(n)) return INVALID;
  return n === 0 ? 0 : n; // no -0
}

// dry-types Coercions::Params::BOOLEAN_MAP, looked up with `input.to_s`.
const BOOLEAN_MAP = new Map<string, boolean>([
  ...['1', 'on', 'On', 'ON', 't', 'true', 'True', 'TRUE', 'T', 'y', 'yes', 'Yes', 'YES', 'Y'].map((s) => [s, true] as const),
  ...['0', 'off', 'Off', 'OFF', 'f', 'false', 'False', 'FALSE', 'F', 'n', 'no', 'No', 'NO', 'N'].map((s) => [s, false] as const),
]);

function toBoolean(value: unknown): Coerced {
  // Grape treats "" as absent for every type except String.
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const mapped = BOOLEAN_MAP.get(String(value));
    return mapped === undefined ? INVALID : mapped;
  }
  return INVALID;
}

function toHash(value: unknown): Coerced {
  if (value === null || value === undefined || value === '') return null;
  return isParamHash(value) ? value : INVALID;
}

/** API::Validations::Types::CommaSeparatedToArray.coerce; never fails, nil stays nil. */
export function commaSeparatedToArray(value: unknown): Coerced {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return splitAndStrip(value);
  if (Array.isArray(value)) return value.flatMap((item) => splitAndStrip(scalarToRubyString(item)));
  return [];
}

/** `to_s` for scalars; nested arrays/hashes contribute nothing (Ruby would split their inspect output). */
function scalarToRubyString(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  return '';
}

/** `value.split(',').map(&:strip)`: Ruby's split drops trailing empty fields. */
function splitAndStrip(text: string): string[] {
  const parts = text.split(',');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map(rubyStrip);
}

function isRubyWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x00;
}

/** String#strip without a regex, so long whitespace runs stay linear. */
export function rubyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isRubyWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isRubyWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** ActiveSupport's `blank?`: nil, false, whitespace-only strings, empty arrays and hashes. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'string') return /^\s*$/.test(value);
  if (Array.isArray(value)) return value.length === 0;
  if (isParamHash(value)) return !hasOwnKey(value);
  return false;
}

/** Whether an object has an own enumerable key, without building the list of keys. */
function hasOwnKey(value: object): boolean {
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  return false;
}
