import { GitLabHttpError } from './gitlab-errors';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { keysetHeaders, keysetOrder, keysetPerPage, keysetRequested } from './keyset-pagination';
import type { LinkRequest } from './offset-pagination';
import { parseNestedQuery } from './rack-params';

function request(url: string): LinkRequest {
  const query = url.includes('?') ? parseNestedQuery(url.slice(url.indexOf('?') + 1)) : {};
  return { url, protocol: 'http', headers: { host: 'internal:8080' }, query } as LinkRequest;
}

const errorOf = (run: () => unknown): GitLabHttpError => {
  try {
    run();
  } catch (error) {
    return error as GitLabHttpError;
  }
  throw new Error('expected an error');
};

describe('keyset cursor', () => {
  it("round-trips the last id as GitLab's base64url JSON: the id as a string, forward", () => {
    const cursor = encodeCursor(1234);
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString())).toEqual({ id: '1234', _kd: 'n' });
    expect(decodeCursor(cursor)).toBe(1234);
  });

  it.each([
    ['a numeric id (cursors of earlier versions)', '{"id":7}'],
    ['a string id without direction', '{"id":"7"}'],
  ])('reads %s', (_, json) => {
    expect(decodeCursor(Buffer.from(json).toString('base64url'))).toBe(7);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['no id', Buffer.from('{}').toString('base64url')],
    ['a string id that is not a decimal number', Buffer.from('{"id":"1e3"}').toString('base64url')],
    ['a string id with a leading zero', Buffer.from('{"id":"07"}').toString('base64url')],
    ['a backward cursor', Buffer.from('{"id":"7","_kd":"p"}').toString('base64url')],
    ['id 0', Buffer.from('{"id":0}').toString('base64url')],
    ['a fractional id', Buffer.from('{"id":1.5}').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
  ])('%s → 400 cursor is invalid', (_, cursor) => {
    const error = errorOf(() => decodeCursor(cursor));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ error: 'cursor is invalid' });
  });
});

describe('keyset params', () => {
  const both = [
    { orderBy: 'id', sort: 'asc' },
    { orderBy: 'id', sort: 'desc' },
  ] as const;

  it('only pagination=keyset selects keyset', () => {
    expect(keysetRequested({ pagination: 'keyset' })).toBe(true);
    for (const pagination of [undefined, 'offset', 'KEYSET', ['keyset']]) expect(keysetRequested({ pagination })).toBe(false);
  });

  it('order_by defaults to id and sort to desc', () => {
    expect(keysetOrder({}, both)).toEqual({ orderBy: 'id', sort: 'desc' });
    expect(keysetOrder({ order_by: null, sort: 'asc' }, both)).toEqual({ orderBy: 'id', sort: 'asc' });
  });

  const refusal = (run: () => unknown) => {
    const error = errorOf(run);
    expect(error.status).toBe(405);
    expect(error.body).toEqual({ error: 'Keyset pagination is not yet available for this type of request' });
  };

  it.each([{ order_by: 'name' }, { sort: 'sideways' }, { order_by: '' }, { order_by: ['id'] }])('an unsupported ordering %j → 405', (params) => {
    refusal(() => keysetOrder(params, both));
  });

  it('a list that supports only id desc (jobs) refuses sort=asc with 405', () => {
    refusal(() => keysetOrder({ sort: 'asc' }, [both[1]]));
  });

  it('per_page as offset pages serve it', () => {
    expect(keysetPerPage({})).toBe(20);
    expect(keysetPerPage({ per_page: -5 })).toBe(20);
    expect(keysetPerPage({ per_page: 7 })).toBe(7);
    expect(keysetPerPage({ per_page: 500 })).toBe(100);
  });
});

describe('keysetHeaders', () => {
  it('with a next page: X-Per-Page and a rel="next" Link on GitLab host with every param and the cursor, sorted', () => {
    const req = request('/api/v4/runners/all?pagination=keyset&tag_list=a,b&cursor=old');
    const headers = keysetHeaders(req, { tag_list: ['a', 'b'], page: 1, per_page: 2 }, { perPage: 2, nextCursor: 'NEXT', baseUrl: 'https://gitlab.example.com/' });
    expect(headers).toEqual({
      'X-Per-Page': '2',
      Link: '<https://gitlab.example.com/api/v4/runners/all?cursor=NEXT&page=1&pagination=keyset&per_page=2&tag_list%5B%5D=a&tag_list%5B%5D=b>; rel="next"',
    });
  });

  it('on the last page: no Link, and never totals or page numbers', () => {
    expect(keysetHeaders(request('/api/v4/runners?pagination=keyset'), {}, { perPage: 20, nextCursor: null })).toEqual({ 'X-Per-Page': '20' });
  });

  it("without a configured host the request's is used", () => {
    const headers = keysetHeaders(request('/api/v4/runners?pagination=keyset'), {}, { perPage: 20, nextCursor: 'C' });
    expect(headers.Link).toBe('<http://internal:8080/api/v4/runners?cursor=C&pagination=keyset>; rel="next"');
  });
});
