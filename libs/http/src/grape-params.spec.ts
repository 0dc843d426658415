import { GitLabHttpError } from './gitlab-errors';
import { allOrNoneOf, atLeastOneOf, defineParams, exactlyOneOf, mutuallyExclusive } from './grape-params';
import { offsetPaginationParams } from './offset-pagination';
import { parseNestedQuery } from './rack-params';

function errorOf(run: () => unknown): { status: number; body: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof GitLabHttpError) return { status: error.status, body: error.body };
    throw error;
  }
  throw new Error('expected a GitLabHttpError');
}

describe('defineParams: Grape messages', () => {
  const createRunner = defineParams({
    runner_type: { type: 'string', required: true, values: ['instance_type', 'group_type', 'project_type'] },
    group_id: { type: 'integer' },
  });

  it('reports a missing required param with values twice, as Grape does', () => {
    expect(errorOf(() => createRunner.parse({}))).toEqual({
      status: 400,
      body: { error: 'runner_type is missing, runner_type does not have a valid value' },
    });
  });

  it('reports a value outside `values`', () => {
    expect(errorOf(() => createRunner.parse({ runner_type: 'unknown' })).body).toEqual({
      error: 'runner_type does not have a valid value',
    });
  });

  it('does not call an explicit null "missing" (presence is key presence)', () => {
    expect(errorOf(() => createRunner.parse({ runner_type: null })).body).toEqual({
      error: 'runner_type does not have a valid value',
    });
    const token = defineParams({ token: { type: 'string', required: true } });
    expect(token.parse({ token: null })).toEqual({ token: null });
  });

  it('reports coercion failures as "is invalid"', () => {
    expect(errorOf(() => createRunner.parse({ runner_type: 'group_type', group_id: 'abc' })).body).toEqual({
      error: 'group_id is invalid',
    });
  });

  it('reports except_values as "has a value not allowed"', () => {
    const paging = defineParams(offsetPaginationParams);
    expect(errorOf(() => paging.parse({ per_page: '0' })).body).toEqual({ error: 'per_page has a value not allowed' });
    expect(errorOf(() => paging.parse({ per_page: 0 })).body).toEqual({ error: 'per_page has a value not allowed' });
    expect(errorOf(() => paging.parse({ page: 'a' })).body).toEqual({ error: 'page is invalid' });
  });

  it('reports a regexp mismatch as "is invalid", matching unanchored like Ruby scan', () => {
    const list = defineParams({ version_prefix: { type: 'string', regexp: /^[\d+.]+/m } });
    expect(errorOf(() => list.parse({ version_prefix: 'V15' })).body).toEqual({ error: 'version_prefix is invalid' });
    expect(list.parse({ version_prefix: '15abc' })).toEqual({ version_prefix: '15abc' });
    // Ruby's ^ anchors at any line start.
    expect(list.parse({ version_prefix: 'V\n15' })).toEqual({ version_prefix: 'V\n15' });
    expect(list.parse({ version_prefix: null })).toEqual({ version_prefix: null });
  });

  it('joins several errors with ", " in declaration order, each param grouped', () => {
    const schema = defineParams({
      a: { type: 'integer', required: true },
      b: { type: 'boolean' },
      c: { type: 'string', values: ['x'] },
    });
    expect(errorOf(() => schema.parse({ c: 'y', b: 'maybe' })).body).toEqual({
      error: 'a is missing, b is invalid, c does not have a valid value',
    });
  });

  it('runs every validator of a param even after coercion failed', () => {
    const schema = defineParams({ level: { type: 'integer', values: [1, 2] } });
    expect(errorOf(() => schema.parse({ level: 'high' })).body).toEqual({
      error: 'level is invalid, level does not have a valid value',
    });
  });

  it('reports allow_blank: false and length limits', () => {
    const schema = defineParams({
      name: { type: 'string', required: true, allowBlank: false },
      note: { type: 'string', length: { max: 3 } },
      tags: { type: 'commaSeparatedArray', length: { min: 1, max: 2 } },
    });
    expect(errorOf(() => schema.parse({ name: '  ', note: 'four', tags: 'a,b,c' })).body).toEqual({
      error:
        'name is empty, note is expected to have length less than or equal to 3, tags is expected to have length within 1 and 2',
    });
    expect(errorOf(() => schema.parse({})).body).toEqual({ error: 'name is missing, name is empty' });
    expect(schema.parse({ name: 'n', note: 'éèà' })).toEqual({ name: 'n', note: 'éèà' });
  });

  it('counts length in characters as Ruby does: a surrogate pair is one, a lone surrogate is one', () => {
    const schema = defineParams({ note: { type: 'string', length: { max: 3 } } });
    expect(schema.parse({ note: '😀😀😀' })).toEqual({ note: '😀😀😀' });
    expect(schema.parse({ note: '\uD800ab' })).toEqual({ note: '\uD800ab' });
    expect(schema.parse({ note: 'ab\uD83D' })).toEqual({ note: 'ab\uD83D' });
    expect(errorOf(() => schema.parse({ note: '😀😀😀😀' })).body).toEqual({ error: 'note is expected to have length less than or equal to 3' });
    expect(errorOf(() => schema.parse({ note: '\uDE00\uD83Dab' })).body).toEqual({ error: 'note is expected to have length less than or equal to 3' });
  });
});

describe('defineParams: group rules', () => {
  const update = defineParams(
    {
      description: { type: 'string' },
      active: { type: 'boolean' },
      paused: { type: 'boolean' },
    },
    [atLeastOneOf('description', 'active', 'paused'), mutuallyExclusive('active', 'paused')],
  );

  it('mutually_exclusive', () => {
    expect(errorOf(() => update.parse({ active: 'true', paused: 'true' })).body).toEqual({
      error: 'active, paused are mutually exclusive',
    });
  });

  it('at_least_one_of', () => {
    expect(errorOf(() => update.parse({ other: 1 })).body).toEqual({
      error: 'description, active, paused are missing, at least one parameter must be provided',
    });
  });

  it('counts a key given as null as present, like Grape', () => {
    expect(update.parse({ description: null })).toEqual({ description: null });
  });

  it('exactly_one_of and all_or_none_of', () => {
    const schema = defineParams(
      { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, d: { type: 'string' } },
      [exactlyOneOf('a', 'b'), allOrNoneOf('c', 'd')],
    );
    expect(errorOf(() => schema.parse({ c: 'x' })).body).toEqual({
      error: 'a, b are missing, exactly one parameter must be provided, c, d provide all or none of parameters',
    });
    expect(errorOf(() => schema.parse({ a: 'x', b: 'y' })).body).toEqual({ error: 'a, b are mutually exclusive' });
    expect(schema.parse({ b: 'y', c: '1', d: '2' })).toEqual({ b: 'y', c: '1', d: '2' });
  });

  it('refuses rules on undeclared params at definition time', () => {
    expect(() => defineParams({ a: { type: 'string' } }, [mutuallyExclusive('a', 'b')])).toThrow('undeclared param b');
  });
});

describe('defineParams: coercion', () => {
  const schema = defineParams({
    n: { type: 'integer' },
    flag: { type: 'boolean' },
    text: { type: 'string' },
  });

  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['+7', 7],
    ['-3', -3],
    ['007', 7],
    ['1_000', 1000],
    [42, 42],
    [12.5, 12], // Kernel#Integer truncates a Float
    ['', null], // Grape: "" is nil for non-String types
    [null, null],
  ])('Integer accepts %p as %p', (input, expected) => {
    expect(schema.parse({ n: input })).toEqual({ n: expected });
  });

  it.each(['12.5', 'abc', '1e3', '0x1A', '1__0', '_1', '1_', '- 1', true, [1], { a: 1 }, '99999999999999999999'])(
    'Integer rejects %p',
    (input) => {
      expect(errorOf(() => schema.parse({ n: input })).body).toEqual({ error: 'n is invalid' });
    },
  );

  const truthy = ['1', 'on', 'On', 'ON', 't', 'true', 'True', 'TRUE', 'T', 'y', 'yes', 'Yes', 'YES', 'Y', true, 1];
  const falsy = ['0', 'off', 'Off', 'OFF', 'f', 'false', 'False', 'FALSE', 'F', 'n', 'no', 'No', 'NO', 'N', false, 0];
  it.each(truthy)('Boolean reads %p as true', (input) => expect(schema.parse({ flag: input })).toEqual({ flag: true }));
  it.each(falsy)('Boolean reads %p as false', (input) => expect(schema.parse({ flag: input })).toEqual({ flag: false }));
  it.each(['tRUE', 'yep', ' true', '2', 1.5, [true], { a: 1 }])('Boolean rejects %p', (input) => {
    expect(errorOf(() => schema.parse({ flag: input })).body).toEqual({ error: 'flag is invalid' });
  });
  it('Boolean treats "" as nil', () => expect(schema.parse({ flag: '' })).toEqual({ flag: null }));

  it('String turns numbers and booleans into strings, keeps "", refuses arrays and hashes', () => {
    expect(schema.parse({ text: 12 })).toEqual({ text: '12' });
    expect(schema.parse({ text: false })).toEqual({ text: 'false' });
    expect(schema.parse({ text: '' })).toEqual({ text: '' });
    expect(errorOf(() => schema.parse({ text: ['a'] })).body).toEqual({ error: 'text is invalid' });
    expect(errorOf(() => schema.parse({ text: { a: 'b' } })).body).toEqual({ error: 'text is invalid' });
  });

  it('applies defaults to absent, null and blank values only', () => {
    const paging = defineParams(offsetPaginationParams);
    expect(paging.parse({})).toEqual({ page: 1, per_page: 20 });
    expect(paging.parse({ page: null, per_page: '' })).toEqual({ page: 1, per_page: 20 });
    expect(paging.parse({ page: '3', per_page: '50' })).toEqual({ page: 3, per_page: 50 });
  });
});

describe('defineParams: tag_list (CommaSeparatedToArray)', () => {
  const schema = defineParams({ tag_list: { type: 'commaSeparatedArray' } });

  it.each([
    ['a, b', ['a', 'b']],
    ['tag1,tag2', ['tag1', 'tag2']],
    [' ruby ,  docker\t', ['ruby', 'docker']],
    [['a', 'b'], ['a', 'b']],
    [['a,b', ' c '], ['a', 'b', 'c']],
    [['x', 1, true, null], ['x', '1', 'true']],
    ['a,,b,,', ['a', '', 'b']], // Ruby's split drops trailing empty fields only
    ['', []],
    [5, []],
    [{ a: 'b' }, []],
    [null, null],
  ])('coerces %p to %p', (input, expected) => {
    expect(schema.parse({ tag_list: input })).toEqual({ tag_list: expected });
  });

  it('accepts the bracket and comma forms of a query string alike', () => {
    expect(schema.parse(parseNestedQuery('tag_list[]=a&tag_list[]=b'))).toEqual({ tag_list: ['a', 'b'] });
    expect(schema.parse(parseNestedQuery('tag_list=a,+b'))).toEqual({ tag_list: ['a', 'b'] });
  });

  it('checks every element against values', () => {
    const limited = defineParams({ tags: { type: 'commaSeparatedArray', values: ['a', 'b'] } });
    expect(limited.parse({ tags: 'a,b' })).toEqual({ tags: ['a', 'b'] });
    expect(errorOf(() => limited.parse({ tags: 'a,c' })).body).toEqual({ error: 'tags does not have a valid value' });
  });
});

describe('defineParams: nested hashes', () => {
  const register = defineParams({
    token: { type: 'string', required: true },
    info: {
      type: 'hash',
      params: { name: { type: 'string' }, version: { type: 'string' }, features: { type: 'hash' } },
    },
  });

  it('keeps declared nested keys only', () => {
    expect(register.parse({ token: 't', info: { name: 'runner', extra: 'x', features: { a: true } } })).toEqual({
      token: 't',
      info: { name: 'runner', features: { a: true } },
    });
  });

  it('names nested params like info[name]', () => {
    expect(errorOf(() => register.parse({ token: 't', info: { name: ['a'] } })).body).toEqual({
      error: 'info[name] is invalid',
    });
  });

  it('rejects a string where a hash is declared', () => {
    expect(errorOf(() => register.parse({ token: 't', info: 'x' })).body).toEqual({ error: 'info is invalid' });
  });

  it('walks a required hash even when absent, skips an optional one', () => {
    const schema = defineParams({
      info: { type: 'hash', required: true, params: { name: { type: 'string', required: true } } },
      extra: { type: 'hash', params: { id: { type: 'integer', required: true } } },
    });
    expect(errorOf(() => schema.parse({})).body).toEqual({ error: 'info is missing, info[name] is missing' });
    expect(schema.parse({ info: { name: 'x' }, extra: {} })).toEqual({ info: { name: 'x' }, extra: {} });
    expect(errorOf(() => schema.parse({ info: { name: 'x' }, extra: { other: 1 } })).body).toEqual({
      error: 'extra[id] is missing',
    });
  });

  it('names params of nested group rules with their prefix', () => {
    const schema = defineParams({
      info: { type: 'hash', params: { a: { type: 'string' }, b: { type: 'string' } }, rules: [mutuallyExclusive('a', 'b')] },
    });
    expect(errorOf(() => schema.parse({ info: { a: '1', b: '2' } })).body).toEqual({
      error: 'info[a], info[b] are mutually exclusive',
    });
  });
});

describe('defineParams: results', () => {
  const schema = defineParams({
    id: { type: 'integer', required: true, allowBlank: false },
    description: { type: 'string' },
    paused: { type: 'boolean' },
    page: { type: 'integer', default: 1 },
  });

  it('drops unknown params and tells absent from null', () => {
    const result = schema.parse({ id: '5', paused: '', private_token: 'secret', other: 1 });
    expect(result).toEqual({ id: 5, paused: null, page: 1 });
    expect('description' in result).toBe(false);
    expect('private_token' in result).toBe(false);
  });

  it('infers result types from the declaration', () => {
    const result = schema.parse({ id: 5 });
    const id: number = result.id;
    const page: number = result.page;
    const paused: boolean | null | undefined = result.paused;
    const runnerType = defineParams({ t: { type: 'string', required: true, values: ['a', 'b'] } }).parse({ t: 'a' }).t;
    const narrowed: 'a' | 'b' = runnerType;
    const features = defineParams({ f: { type: 'hash', required: true, allowBlank: false } }).parse({ f: { gpus: 'all' } }).f;
    const gpus: unknown = features.gpus;
    expect([id, page, paused, narrowed, gpus]).toEqual([5, 1, undefined, 'a', 'all']);
  });

  it('check() returns the messages instead of throwing', () => {
    expect(schema.check({})).toEqual({ ok: false, messages: ['id is missing', 'id is empty'] });
    expect(schema.check({ id: 1 })).toEqual({ ok: true, value: { id: 1, page: 1 } });
  });
});

describe('defineParams: hostile input', () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });

  it('ignores __proto__ and constructor keys and never touches Object.prototype', () => {
    const schema = defineParams({
      token: { type: 'string' },
      info: { type: 'hash', params: { name: { type: 'string' }, constructor: { type: 'string' } } },
    });
    const hostile = JSON.parse(
      '{"__proto__":{"polluted":"yes"},"token":"t","constructor":{"prototype":{"polluted":"yes"}},' +
        '"info":{"__proto__":{"polluted":"yes"},"name":"n"}}',
    );
    const result = schema.parse(hostile);
    expect(result).toEqual({ token: 't', info: { name: 'n' } });
    expect(Object.keys(result)).toEqual(['token', 'info']);
    expect(errorOf(() => schema.parse({ ...hostile, token: ['a'] })).body).toEqual({
      error: 'token is invalid',
    });
  });

  it('does not see inherited properties as params', () => {
    const schema = defineParams({ toString: { type: 'string', required: true }, constructor: { type: 'string' } });
    expect(errorOf(() => schema.parse({})).body).toEqual({ error: 'toString is missing' });
  });

  it('refuses to declare __proto__', () => {
    expect(() => defineParams(JSON.parse('{"__proto__":{"type":"string"}}'))).toThrow('__proto__');
  });

  it('stays linear on huge values', () => {
    const schema = defineParams({
      n: { type: 'integer' },
      tags: { type: 'commaSeparatedArray' },
      v: { type: 'string', regexp: /^[\d+.]+/m },
    });
    const started = Date.now();
    expect(schema.check({ n: '1'.repeat(200_000) + 'x' }).ok).toBe(false);
    expect(schema.check({ n: ' '.repeat(200_000) + '1' + ' '.repeat(200_000) + 'x' }).ok).toBe(false);
    expect(schema.check({ n: '1_'.repeat(100_000) }).ok).toBe(false);
    expect(schema.check({ tags: ' '.repeat(200_000) + 'a' + ' '.repeat(200_000) + ',' }).ok).toBe(true);
    expect(schema.check({ v: 'V' + '1'.repeat(200_000) }).ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
