import { GitLabHttpError } from './gitlab-errors';
import { LinkRequest, MAX_COUNT_LIMIT, PageSource, paginate } from './offset-pagination';
import { parseNestedQuery } from './rack-params';
import { cgiEscape, toQuery } from './rails-query';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function request(url: string, extra: Partial<LinkRequest> = {}): LinkRequest {
  const query = url.includes('?') ? parseNestedQuery(url.slice(url.indexOf('?') + 1)) : {};
  return { url, protocol: 'http', headers: { host: 'gitlab.example.com' }, query, ...extra } as LinkRequest;
}

const link = (query: string) => `http://gitlab.example.com/api/v4/runners/all?${query}`;

describe('paginate: headers', () => {
  it('middle page: all headers, links in order prev, next, first, last', () => {
    const page = paginate(range(45), { page: 2, per_page: 20 }, request('/api/v4/runners/all?page=2&per_page=20'));
    expect(page.items).toEqual(range(40).slice(20));
    expect(page.headers).toEqual({
      'X-Per-Page': '20',
      'X-Page': '2',
      'X-Next-Page': '3',
      'X-Prev-Page': '1',
      'X-Total': '45',
      'X-Total-Pages': '3',
      Link: [
        `<${link('page=1&per_page=20')}>; rel="prev"`,
        `<${link('page=3&per_page=20')}>; rel="next"`,
        `<${link('page=1&per_page=20')}>; rel="first"`,
        `<${link('page=3&per_page=20')}>; rel="last"`,
      ].join(', '),
    });
  });

  it('first and last pages leave prev/next empty', () => {
    const first = paginate(range(45), { page: 1, per_page: 20 }, request('/api/v4/runners/all'));
    expect(first.headers['X-Prev-Page']).toBe('');
    expect(first.headers['X-Next-Page']).toBe('2');
    expect(first.headers.Link.startsWith(`<${link('page=2&per_page=20')}>; rel="next"`)).toBe(true);

    const last = paginate(range(45), { page: 3, per_page: 20 }, request('/api/v4/runners/all'));
    expect(last.items).toEqual([41, 42, 43, 44, 45]);
    expect(last.headers['X-Next-Page']).toBe('');
    expect(last.headers['X-Prev-Page']).toBe('2');
  });

  it('an empty list still has one page', () => {
    const page = paginate([], {}, request('/api/v4/runners/all'));
    expect(page.items).toEqual([]);
    expect(page.headers).toMatchObject({ 'X-Total': '0', 'X-Total-Pages': '1', 'X-Page': '1', 'X-Next-Page': '', 'X-Prev-Page': '' });
    expect(page.headers.Link).toBe(`<${link('page=1&per_page=20')}>; rel="first", <${link('page=1&per_page=20')}>; rel="last"`);
  });

  it('a page past the end has neither prev nor next (Kaminari out_of_range?)', () => {
    const page = paginate(range(45), { page: 9, per_page: 20 }, request('/api/v4/runners/all'));
    expect(page.items).toEqual([]);
    expect(page.headers).toMatchObject({ 'X-Page': '9', 'X-Prev-Page': '', 'X-Next-Page': '', 'X-Total-Pages': '3' });
  });
});

describe('paginate: page and per_page handling', () => {
  it('clamps per_page to 100 but keeps the requested value in links', () => {
    const page = paginate(range(250), { page: 1, per_page: 500 }, request('/api/v4/runners/all?per_page=500'));
    expect(page.items).toHaveLength(100);
    expect(page.headers['X-Per-Page']).toBe('100');
    expect(page.headers['X-Total-Pages']).toBe('3');
    expect(page.headers.Link).toContain(`<${link('page=2&per_page=500')}>; rel="next"`);
  });

  it('negative per_page falls back to 20; page below 1 is page 1', () => {
    const page = paginate(range(45), { page: -3, per_page: -5 }, request('/api/v4/runners/all'));
    expect(page.items).toEqual(range(20));
    expect(page.headers).toMatchObject({ 'X-Per-Page': '20', 'X-Page': '1', 'X-Prev-Page': '' });
    expect(paginate(range(5), { page: 0 }, request('/x')).headers['X-Page']).toBe('1');
  });

  it('refuses per_page=0 with the Grape message', () => {
    expect(() => paginate(range(5), { per_page: 0 }, request('/x'))).toThrow(GitLabHttpError);
    try {
      paginate(range(5), { per_page: 0 }, request('/x'));
    } catch (error) {
      expect((error as GitLabHttpError).body).toEqual({ error: 'per_page has a value not allowed' });
    }
  });
});

describe('paginate: count skipping', () => {
  it('counts exactly 10,000 rows', () => {
    const page = paginate(range(MAX_COUNT_LIMIT), { page: 500, per_page: 20 }, request('/x'));
    expect(page.headers['X-Total']).toBe('10000');
    expect(page.headers['X-Total-Pages']).toBe('500');
    expect(page.headers['X-Next-Page']).toBe('');
  });

  it('omits totals and rel="last" above 10,000 rows and still finds the next page', () => {
    const page = paginate(range(MAX_COUNT_LIMIT + 1), { page: 2, per_page: 100 }, request('/x'));
    expect(page.items[0]).toBe(101);
    expect(page.headers['X-Total']).toBeUndefined();
    expect(page.headers['X-Total-Pages']).toBeUndefined();
    expect(page.headers).toMatchObject({ 'X-Next-Page': '3', 'X-Prev-Page': '1', 'X-Page': '2' });
    expect(page.headers.Link).not.toContain('rel="last"');
    expect(page.headers.Link.split(', ').map((entry) => entry.split('; ')[1])).toEqual(['rel="prev"', 'rel="next"', 'rel="first"']);

    const lastPage = paginate(range(MAX_COUNT_LIMIT + 1), { page: 101, per_page: 100 }, request('/x'));
    expect(lastPage.items).toEqual([MAX_COUNT_LIMIT + 1]);
    expect(lastPage.headers['X-Next-Page']).toBe('');
    const beyond = paginate(range(MAX_COUNT_LIMIT + 1), { page: 200, per_page: 100 }, request('/x'));
    expect(beyond.headers).toMatchObject({ 'X-Next-Page': '', 'X-Prev-Page': '' });
  });

  it('skipCounts behaves like without_count on small lists', () => {
    const page = paginate(range(45), { page: 1, per_page: 20 }, request('/x'), { skipCounts: true });
    expect(page.headers['X-Total']).toBeUndefined();
    expect(page.headers['X-Next-Page']).toBe('2');
    const last = paginate(range(40), { page: 2, per_page: 20 }, request('/x'), { skipCounts: true });
    expect(last.headers['X-Next-Page']).toBe('');
  });

  it('asks a PageSource for a limited count and one page only', () => {
    const calls: string[] = [];
    const source: PageSource<number> = {
      countUpTo: (limit) => {
        calls.push(`count ${limit}`);
        return Math.min(1_000_000, limit);
      },
      slice: (offset, limit) => {
        calls.push(`slice ${offset} ${limit}`);
        return range(limit).map((i) => offset + i);
      },
    };
    const page = paginate(source, { page: 3, per_page: 50 }, request('/x'));
    expect(calls).toEqual(['count 10001', 'slice 100 51']);
    expect(page.items).toHaveLength(50);
    expect(page.items[0]).toBe(101);
  });
});

describe('paginate: Link URLs', () => {
  it('echo request params and validated values, sorted like Rails to_query', () => {
    const req = request('/api/v4/runners/all?type=project_type&tag_list=b,a&private_token=x%20y&paused=1', {
      params: { id: '7' },
    });
    const validated = { type: 'project_type', tag_list: ['b', 'a'], paused: true, page: 1, per_page: 2 };
    const page = paginate(range(5), validated, req);
    expect(page.headers.Link.split(', ')[0]).toBe(
      `<${link('id=7&page=2&paused=true&per_page=2&private_token=x+y&tag_list%5B%5D=b&tag_list%5B%5D=a&type=project_type')}>; rel="next"`,
    );
  });

  it('use a configured base URL instead of the Host header', () => {
    const page = paginate(range(1), {}, request('/api/v4/runners'), { baseUrl: 'https://gitlab.com/' });
    expect(page.headers.Link).toBe(
      '<https://gitlab.com/api/v4/runners?page=1&per_page=20>; rel="first", <https://gitlab.com/api/v4/runners?page=1&per_page=20>; rel="last"',
    );
  });
});

describe('toQuery / cgiEscape (ActiveSupport, CGI)', () => {
  it('escapes like CGI.escape', () => {
    expect(cgiEscape("a b*c~d.e_f-g!h'i(j)k/é")).toBe('a+b%2Ac~d.e_f-g%21h%27i%28j%29k%2F%C3%A9');
  });

  it('renders nested values, nil and empty containers like Hash#to_query', () => {
    expect(toQuery({ z: null, info: { version: '1', name: 'n' }, empty: [], none: {}, list: [{ b: 1, a: 2 }] })).toBe(
      'info%5Bname%5D=n&info%5Bversion%5D=1&list%5B%5D%5Bb%5D=1&list%5B%5D%5Ba%5D=2&z=',
    );
  });
});
