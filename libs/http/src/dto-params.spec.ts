import { ArrayMaxSize, IsBoolean, IsDefined, IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { validateSync } from 'class-validator';
import { declarationsOf, paramsOf } from './dto-params';
import { atLeastOneOf, mutuallyExclusive } from './grape-params';
import { Default, IsCommaSeparatedArray, IsParamHash, NoParams, ParamRules, type ParamsBase } from './param-constraints';

class Child {
  @IsOptional() @IsString() @MaxLength(3) name?: string | null;
}

function WithLater<B extends ParamsBase>(Base: B) {
  class Later extends Base {
    @IsOptional() @IsInt() @Default(1) page: number;
  }
  return Later;
}

class First extends NoParams {
  @IsDefined() @IsString() token: string | null;
}

@ParamRules(atLeastOneOf('sort', 'tags'), mutuallyExclusive('sort', 'tags'))
class Example extends WithLater(First) {
  @IsOptional() @IsString() @IsIn(['asc', 'desc']) @Default('desc') sort: string;
  @IsOptional() @IsCommaSeparatedArray() @ArrayMaxSize(2) tags?: string[] | null;
  @IsOptional() @IsBoolean() flag?: boolean | null;
  @IsOptional() @IsParamHash(() => Child) info?: Child | null;
}

describe('params classes read as Grape declarations', () => {
  it('keeps the base classes first, the options in the order written, and the rules in theirs', () => {
    const { declarations, rules } = declarationsOf(Example);
    expect(Object.keys(declarations)).toEqual(['token', 'page', 'sort', 'tags', 'flag', 'info']);
    expect(Object.keys(declarations.sort)).toEqual(['type', 'values', 'default']);
    expect(declarations.token).toEqual({ type: 'string', required: true });
    expect(declarations.tags).toEqual({ type: 'commaSeparatedArray', length: { max: 2 } });
    expect(declarations.info).toEqual({ type: 'hash', params: { name: { type: 'string', length: { max: 3 } } } });
    expect(rules).toEqual([atLeastOneOf('sort', 'tags'), mutuallyExclusive('sort', 'tags')]);
  });

  it("checks with Grape's coercion, wording and order", () => {
    const params = paramsOf(Example);
    expect(params.parse({ token: 't', flag: 'yes', info: { name: 'ab', other: 1 } })).toEqual({ token: 't', page: 1, sort: 'desc', flag: true, info: { name: 'ab' } });
    expect(params.check({ sort: 'up', tags: 'a,b,c', info: { name: 'long' } })).toEqual({
      ok: false,
      messages: ['token is missing', 'sort does not have a valid value', 'tags is expected to have length less than or equal to 2', 'info[name] is expected to have length less than or equal to 3', 'sort, tags are mutually exclusive'],
    });
    expect(paramsOf(Example)).toBe(params); // compiled once
  });

  it('refuses at boot what it cannot mean: an unknown decorator, no presence, two types, stacked rules', () => {
    class Unknown {
      @IsOptional() @IsString() @IsEmail() email?: string;
    }
    class NoPresence {
      @IsString() name: string;
    }
    class TwoTypes {
      @IsOptional() @IsString() @IsInt() id: number;
    }
    expect(() => declarationsOf(Unknown)).toThrow('Unknown.email: @isEmail has no Grape meaning here');
    expect(() => declarationsOf(NoPresence)).toThrow('NoPresence.name: say @IsDefined() or @IsOptional()');
    expect(() => declarationsOf(TwoTypes)).toThrow('TwoTypes.id: two types');
    expect(() => {
      @ParamRules(atLeastOneOf('a'))
      @ParamRules(atLeastOneOf('a'))
      class Stacked {
        @IsOptional() @IsString() a?: string;
      }
      return Stacked;
    }).toThrow('declare every rule in one @ParamRules');
  });

  it('the custom constraints are class-validator constraints: validate() understands them on coerced values', () => {
    const valid = Object.assign(new Example(), { token: 't', page: 1, sort: 'asc', flag: true, info: Object.assign(Object.create(null), {}) });
    expect(validateSync(valid)).toEqual([]);
    const invalid = Object.assign(new Example(), { token: 't', page: 1, sort: 'asc', tags: ['a'], info: 'x' });
    expect(validateSync(invalid).map((error) => [error.property, Object.keys(error.constraints ?? {})])).toEqual([
      ['sort', ['grapeRule']],
      ['info', ['isParamHash']],
    ]);
  });
});
