import { useEffect, useState } from 'preact/hooks';

export const BASE = '/admin/runners';

/** Client-side navigation inside /admin/runners; the service answers every path below it with the app. */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const [href, setHref] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setHref(location.pathname + location.search);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  const url = new URL(href, location.origin);
  return { path: url.pathname.replace(/\/+$/, ''), search: url.searchParams };
}

export type Route = { page: 'list' } | { page: 'overview' } | { page: 'runner'; id: number } | { page: 'missing' };

export function routeOf(path: string): Route {
  if (path === BASE) return { page: 'list' };
  const rest = path.slice(BASE.length + 1);
  if (rest === 'overview') return { page: 'overview' };
  if (/^[1-9][0-9]*$/.test(rest)) return { page: 'runner', id: Number(rest) };
  return { page: 'missing' };
}
