import { readToken } from './session';

/** A refusal as the API words it (GitLab's `{"message"}` or `{"error"}` body), e.g. `401 Unauthorized`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  total: number | null;
  next: string | null;
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const { message, error } = body as { message?: unknown; error?: unknown };
    const text = message ?? error;
    if (typeof text === 'string') return text;
    if (text !== undefined) return JSON.stringify(text);
  }
  return `${status} request failed`;
}

export async function request(method: string, path: string, body?: Record<string, unknown>, token = readToken()): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers['PRIVATE-TOKEN'] = token;
  if (body) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  if (!response.ok) {
    const parsed = await response.json().catch(() => null);
    throw new ApiError(response.status, messageOf(parsed, response.status));
  }
  return response;
}

export async function getJson<T>(path: string, token?: string): Promise<T> {
  return (await request('GET', path, undefined, token)).json() as Promise<T>;
}

export async function send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: Record<string, unknown>): Promise<T | null> {
  const response = await request(method, path, body);
  return response.status === 204 ? null : ((await response.json()) as T);
}

/** The `rel="next"` target of a Link header, made relative so it follows the page's origin. */
export function nextLink(link: string | null): string | null {
  const match = link?.match(/<([^>]+)>;\s*rel="next"/);
  if (!match) return null;
  const url = new URL(match[1]);
  return url.pathname + url.search;
}

export async function getPage<T>(path: string): Promise<Page<T>> {
  const response = await request('GET', path);
  const total = response.headers.get('x-total');
  return { items: (await response.json()) as T[], total: total === null ? null : Number(total), next: nextLink(response.headers.get('link')) };
}

export async function countOf(path: string): Promise<number> {
  const response = await request('GET', path);
  return Number(response.headers.get('x-total') ?? 0);
}

export const query = (params: Record<string, string | number | undefined | null>): string =>
  new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== null && entry[1] !== '').map(([k, v]) => [k, String(v)])).toString();
