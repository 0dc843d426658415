import type { TestResponse } from './test-app';

/** Follows rel="next" Links from a first page, as a client does. `get` takes a path with its query. */
export async function walkPages(
  get: (pathAndQuery: string) => Promise<TestResponse>,
  first: string,
  externalUrl: string,
  /** Runs after each page is read, before the next is asked for (e.g. to delete a runner between pages). */
  betweenPages: (served: { id: number }[]) => Promise<void> = async () => {},
): Promise<{ pages: number[][]; responses: TestResponse[] }> {
  const pages: number[][] = [];
  const responses: TestResponse[] = [];
  let next: string | null = first;
  while (next !== null) {
    const response = await get(next);
    expect(response.status).toBe(200);
    responses.push(response);
    const served = response.json<{ id: number }[]>();
    pages.push(served.map((row) => row.id));
    const href = nextHref(response);
    if (href !== null) {
      expect(href.startsWith(`${externalUrl}/`)).toBe(true);
      await betweenPages(served);
    }
    next = href === null ? null : href.slice(externalUrl.length);
    // A list that never ends would hang the spec instead of failing it.
    expect(pages.length).toBeLessThan(1000);
  }
  return { pages, responses };
}

/** The rel="next" URL of a response's Link header, or null. */
export function nextHref(response: TestResponse): string | null {
  const link = response.headers.link;
  if (typeof link !== 'string') return null;
  return /<([^>]*)>; rel="next"/.exec(link)?.[1] ?? null;
}

/** GitLab's keyset headers: X-Per-Page; no totals or page numbers; a Link holding rel="next" only. */
export function expectKeysetHeaders(response: TestResponse, perPage: number): void {
  expect(response.headers['x-per-page']).toBe(String(perPage));
  for (const header of ['x-total', 'x-total-pages', 'x-page', 'x-next-page', 'x-prev-page']) expect(response.headers).not.toHaveProperty(header);
  const link = response.headers.link;
  if (link !== undefined) expect(link).toMatch(/^<[^>]+>; rel="next"$/);
}

/** A path with its query, arrays as `key[]=v` the way clients send them. */
export function withQuery(path: string, query: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) search.append(`${key}[]`, item);
    else search.append(key, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
