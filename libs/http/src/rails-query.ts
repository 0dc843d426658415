/**
 * ActiveSupport's Hash#to_query, which GitLab uses to build pagination links: keys sorted
 * (after escaping), arrays as `key[]=v`, nested hashes as `key[sub]=v`, empty arrays and
 * hashes skipped, nil as `key=`, and CGI.escape's alphabet (space → "+").
 */
import { isParamHash } from './rack-params';

export function toQuery(params: Record<string, unknown>, namespace?: string): string {
  const parts: string[] = [];
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (isEmptyContainer(value)) continue;
    parts.push(valueToQuery(value, namespace === undefined ? key : `${namespace}[${key}]`));
  }
  // Rails leaves hashes nested in arrays unsorted.
  if (!namespace?.includes('[]')) parts.sort();
  return parts.join('&');
}

function isEmptyContainer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isParamHash(value) && Object.keys(value).length === 0;
}

function valueToQuery(value: unknown, key: string): string {
  if (Array.isArray(value)) {
    const prefix = `${key}[]`;
    return value.length === 0 ? `${cgiEscape(prefix)}=` : value.map((item) => valueToQuery(item, prefix)).join('&');
  }
  if (isParamHash(value)) return toQuery(value, key);
  return `${cgiEscape(key)}=${cgiEscape(toParam(value))}`;
}

function toParam(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** Ruby's CGI.escape: only a-z A-Z 0-9 _ . - ~ stay literal; space becomes "+". */
export function cgiEscape(text: string): string {
  return encodeURIComponent(toWellFormed(text))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** encodeURIComponent throws on lone surrogates; Ruby would escape whatever bytes it has. */
function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
