import { normalizePairs, PARAM_DEPTH_LIMIT, PARAMS_LIMIT, parseNestedQuery, ParamsParseError } from './rack-params';

/** Null-prototype hashes compare equal to plain objects only after a JSON round trip. */
const parsed = (query: string) => JSON.parse(JSON.stringify(parseNestedQuery(query)));

describe('parseNestedQuery (Rack semantics)', () => {
  it.each([
    ['a=1&b=2', { a: '1', b: '2' }],
    ['a=1&a=2', { a: '2' }], // last wins, no array
    ['tag_list[]=a&tag_list[]=b', { tag_list: ['a', 'b'] }],
    ['info[name]=x&info[version]=1', { info: { name: 'x', version: '1' } }],
    ['a[0]=x&a[1]=y', { a: { '0': 'x', '1': 'y' } }], // indices are hash keys in Rack
    ['a[b][c]=1', { a: { b: { c: '1' } } }],
    ['a[][x]=1&a[][y]=2&a[][x]=3', { a: [{ x: '1', y: '2' }, { x: '3' }] }],
    ['flag', { flag: null }],
    ['flag=', { flag: '' }],
    ['q=a+b%20c%2Bd', { q: 'a b c+d' }],
    ['a=1&&& b=2', { a: '1', b: '2' }],
    ['[x]=1', { '[x]': '1' }],
    ['a[=1', { 'a[': '1' }],
    ['=1&a=2', { a: '2' }],
    ['k%5B%5D=1&k%5B%5D=2', { k: ['1', '2'] }],
    ['', {}],
  ])('%p → %p', (query, expected) => {
    expect(parsed(query)).toEqual(expected);
  });

  it('returns null-prototype hashes', () => {
    const result = parseNestedQuery('info[name]=x');
    expect(Object.getPrototypeOf(result)).toBeNull();
    expect(Object.getPrototypeOf(result.info)).toBeNull();
  });

  it('keeps any number of array items (qs would turn >20 into an object)', () => {
    const query = Array.from({ length: 51 }, (_, i) => `tag_list[]=t${i}`).join('&');
    const tags = parseNestedQuery(query).tag_list as string[];
    expect(Array.isArray(tags)).toBe(true);
    expect(tags).toHaveLength(51);
    expect(tags[50]).toBe('t50');
  });

  it('drops __proto__ at every level and leaves Object.prototype alone', () => {
    const result = parseNestedQuery('__proto__[polluted]=1&a[__proto__][polluted]=1&__proto__=x&b[]=1&token=t');
    expect(parsedEqual(result)).toEqual({ a: {}, b: ['1'], token: 't' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const constructorKeys = parseNestedQuery('constructor[prototype][polluted]=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsedEqual(constructorKeys)).toEqual({ constructor: { prototype: { polluted: '1' } } });
  });

  it.each([
    ['a=%zz', 'invalid %-encoding (%zz)'],
    ['a=%', 'invalid %-encoding (%)'],
    ['a=%FF', 'invalid byte sequence in UTF-8'],
    ['a=%00', 'null byte in parameter'],
    ['a=1&a[]=2', "expected Array (got String) for param `a'"],
    ['a[]=1&a[b]=2', "expected Hash (got Array) for param `a'"],
  ])('rejects %p', (query, message) => {
    expect(() => parseNestedQuery(query)).toThrow(new ParamsParseError(message));
  });

  it('limits nesting depth and parameter count', () => {
    expect(() => parseNestedQuery('a' + '[a]'.repeat(PARAM_DEPTH_LIMIT + 1) + '=1')).toThrow(ParamsParseError);
    expect(() => parseNestedQuery('a' + '[a]'.repeat(PARAM_DEPTH_LIMIT - 2) + '=1')).not.toThrow();
    const tooMany = Array.from({ length: PARAMS_LIMIT + 1 }, () => 'a=1').join('&');
    expect(() => parseNestedQuery(tooMany)).toThrow(ParamsParseError);
  });

  it('normalizes multipart-style pairs in arrival order', () => {
    const result = normalizePairs([
      ['tag_list[]', 'a'],
      ['info[name]', 'n'],
      ['tag_list[]', 'b'],
    ]);
    expect(parsedEqual(result)).toEqual({ tag_list: ['a', 'b'], info: { name: 'n' } });
  });
});

function parsedEqual(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
