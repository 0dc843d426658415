/**
 * Declarative params with Grape's semantics and message texts, because clients match on
 * GitLab's 400 bodies and no JS validator produces them.
 *
 * Grape behaviours mirrored here:
 * - every validator runs and all failures are reported, grouped per param in declaration
 *   order, duplicates removed, joined with ", " into {"error": "..."} (400);
 * - per param: presence first, then coercion, then the remaining options in the order they
 *   are written in the declaration (values, exceptValues, regexp, default, ...);
 * - presence means "key present": `{"token": null}` is not missing;
 * - a required param with `values` at the root also fails `values` when missing, hence
 *   "runner_type is missing, runner_type does not have a valid value";
 * - "" counts as absent (null) for every type but string; defaults fill null/absent;
 * - a required hash is validated even when absent (children report "info[name] is missing"),
 *   an optional one only when it is a non-empty hash.
 * Only declared keys come out, and only when present in the input (or defaulted), so
 * handlers can tell absent (key missing) from null.
 */
import { paramsInvalid } from './gitlab-errors';
import { coerce, INVALID, isBlank, ParamType } from './grape-coercions';
import { isParamHash } from './rack-params';

export type { ParamType } from './grape-coercions';

export interface ParamSpec {
  readonly type: ParamType;
  readonly required?: boolean;
  /** Allowed values, compared after coercion; every element for array types. */
  readonly values?: readonly unknown[];
  readonly exceptValues?: readonly unknown[];
  /**
   * Tested against each value's string form like Ruby's `scan`: unanchored unless the
   * pattern anchors itself. Ruby's `^` is a line anchor, so add the `m` flag to mimic it.
   * Must be a linear-time pattern: it runs on client input.
   */
  readonly regexp?: RegExp;
  readonly default?: unknown;
  /**
   * `allow_blank: false` → "<p> is empty" for null, "", whitespace, [] and {}; also makes
   * the result type non-null. Handy for route params such as `:id`, which are never blank.
   */
  readonly allowBlank?: boolean;
  readonly length?: { readonly min?: number; readonly max?: number };
  /** Nested declarations for `type: 'hash'`; reported as `parent[child]`. */
  readonly params?: ParamDeclarations;
  readonly rules?: readonly GroupRule[];
}

export type ParamDeclarations = { readonly [name: string]: ParamSpec };

export type GroupRuleKind = 'mutuallyExclusive' | 'atLeastOneOf' | 'exactlyOneOf' | 'allOrNoneOf';
export interface GroupRule {
  readonly kind: GroupRuleKind;
  readonly params: readonly string[];
}

export const mutuallyExclusive = (...params: string[]): GroupRule => ({ kind: 'mutuallyExclusive', params });
export const atLeastOneOf = (...params: string[]): GroupRule => ({ kind: 'atLeastOneOf', params });
export const exactlyOneOf = (...params: string[]): GroupRule => ({ kind: 'exactlyOneOf', params });
export const allOrNoneOf = (...params: string[]): GroupRule => ({ kind: 'allOrNoneOf', params });

// ---- result typing -------------------------------------------------------------------

type BaseType<S> = S extends { type: 'string' }
  ? string
  : S extends { type: 'integer' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : S extends { type: 'commaSeparatedArray' }
        ? string[]
        : S extends { type: 'hash'; params: infer P extends ParamDeclarations }
          ? InferParams<P>
          : S extends { type: 'hash' }
            ? Record<string, unknown> // undeclared children pass through whole, as in Grape's declared()
            : never;

type ValueType<S> = S extends { values: readonly (infer V)[] }
  ? S extends { type: 'commaSeparatedArray' }
    ? V[]
    : V
  : BaseType<S>;

/**
 * null survives Grape's presence check (`{"token": null}` is "present"); only a default,
 * `allow_blank: false` or a root-level `values` check keeps it out.
 */
type Value<S> = S extends { default: unknown }
  ? ValueType<S>
  : S extends { allowBlank: false }
    ? ValueType<S>
    : S extends { required: true; values: readonly unknown[] }
      ? ValueType<S>
      : ValueType<S> | null;

type AlwaysThere<S> = S extends { required: true } ? true : S extends { default: unknown } ? true : false;

type Flatten<T> = { [K in keyof T]: T[K] };

export type InferParams<D extends ParamDeclarations> = Flatten<
  { -readonly [K in keyof D as AlwaysThere<D[K]> extends true ? K : never]: Value<D[K]> } & {
    -readonly [K in keyof D as AlwaysThere<D[K]> extends true ? never : K]?: Value<D[K]>;
  }
>;

export interface ParamsSchema<T> {
  readonly declarations: ParamDeclarations;
  readonly rules: readonly GroupRule[];
  /** Returns the declared, coerced params or throws GitLabHttpError 400 {"error": "..."}. */
  parse(input: unknown): T;
  /** Same checks without throwing: the Grape messages, already joined per param. */
  check(input: unknown): { ok: true; value: T } | { ok: false; messages: string[] };
}

export function defineParams<const D extends ParamDeclarations>(
  declarations: D,
  rules: readonly GroupRule[] = [],
): ParamsSchema<InferParams<D>> {
  return compileParams<InferParams<D>>(declarations, rules);
}

/** The checker for declarations whose output type the caller states (paramsOf: the DTO class). */
export function compileParams<T>(declarations: ParamDeclarations, rules: readonly GroupRule[] = []): ParamsSchema<T> {
  assertSafeDeclarations(declarations, rules);
  const scope = compileScope(declarations, rules, null);
  const check = (input: unknown) => {
    const errors = new ErrorList();
    const value = validateScope(scope, isParamHash(input) ? input : {}, errors);
    const messages = errors.messages();
    return messages.length === 0
      ? { ok: true as const, value: value as T }
      : { ok: false as const, messages };
  };
  return {
    declarations,
    rules,
    check,
    parse(input) {
      const result = check(input);
      if (!result.ok) throw paramsInvalid(result.messages);
      return result.value;
    },
  };
}

function assertSafeDeclarations(declarations: ParamDeclarations, rules: readonly GroupRule[]): void {
  for (const [name, spec] of Object.entries(declarations)) {
    if (name === '__proto__') throw new Error('param name __proto__ is not allowed');
    if (spec.params) assertSafeDeclarations(spec.params, spec.rules ?? []);
  }
  for (const rule of rules) {
    for (const name of rule.params) {
      if (!Object.prototype.hasOwnProperty.call(declarations, name)) throw new Error(`rule refers to undeclared param ${name}`);
    }
  }
}

// ---- compilation ---------------------------------------------------------------------

/**
 * Declarations walked once, when a route is defined: full names, option order and nested scopes
 * are fixed then, so validating a request (every runner poll goes through here) allocates little
 * beyond its output.
 */
interface CompiledScope {
  readonly params: readonly CompiledParam[];
  readonly rules: readonly GroupRule[];
  readonly prefix: string | null;
}

interface CompiledParam {
  readonly key: string;
  readonly name: string;
  readonly spec: ParamSpec;
  /** The spec's options in the order they were written (Grape runs validators in that order). */
  readonly options: readonly (keyof ParamSpec)[];
  readonly nested: CompiledScope | null;
}

function compileScope(declarations: ParamDeclarations, rules: readonly GroupRule[], prefix: string | null): CompiledScope {
  const params = Object.entries(declarations).map(([key, spec]): CompiledParam => {
    const name = fullName(prefix, key);
    return {
      key,
      name,
      spec,
      options: Object.keys(spec) as (keyof ParamSpec)[],
      nested: spec.type === 'hash' && spec.params ? compileScope(spec.params, spec.rules ?? [], name) : null,
    };
  });
  return { params, rules, prefix };
}

// ---- validation ----------------------------------------------------------------------

/** Grape groups errors by their param list (first appearance wins) and drops duplicate texts. */
class ErrorList {
  private byParams: Map<string, string[]> | null = null;

  add(params: readonly string[], message: string): void {
    this.byParams ??= new Map();
    const key = params.join(', ');
    const list = this.byParams.get(key) ?? [];
    list.push(message);
    this.byParams.set(key, list);
  }

  messages(): string[] {
    if (this.byParams === null) return [];
    const all: string[] = [];
    for (const [params, messages] of this.byParams) {
      for (const message of messages) all.push(`${params} ${message}`);
    }
    return [...new Set(all)];
  }
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
const fullName = (prefix: string | null, name: string) => (prefix === null ? name : `${prefix}[${name}]`);
/** Every item of a value that may be an array: a scalar is one item, null or undefined none. */
const everyItem = (value: unknown, test: (item: unknown) => boolean): boolean =>
  value === null || value === undefined ? true : Array.isArray(value) ? value.every(test) : test(value);

/** What validateParam returns for a param that stays out of the output. */
const ABSENT = Symbol('absent');

function validateScope(scope: CompiledScope, input: Record<string, unknown>, errors: ErrorList): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const param of scope.params) {
    const present = hasOwn(input, param.key);
    const value = validateParam(param, present, present ? input[param.key] : undefined, scope.prefix === null, errors);
    if (value !== ABSENT) output[param.key] = value;
  }
  for (const rule of scope.rules) checkRule(rule, output, scope.prefix, errors);
  return output;
}

/** The param's output value, or ABSENT when it is neither given nor defaulted. */
function validateParam(param: CompiledParam, present: boolean, raw: unknown, atRoot: boolean, errors: ErrorList): unknown {
  const { spec, name } = param;
  if (spec.required && !present) errors.add([name], 'is missing');

  let value: unknown = raw;
  let coercionFailed = false;
  if (present) {
    const coerced = coerce(spec.type, raw);
    if (coerced === INVALID) {
      errors.add([name], 'is invalid');
      coercionFailed = true;
    } else {
      value = coerced;
    }
  }
  const runs = spec.required || present; // Grape's Base#validate! condition

  for (const option of param.options) {
    switch (option) {
      case 'default':
        if (value === null || value === undefined) {
          value = spec.default;
          present = true;
        }
        break;
      case 'values':
        if (value === null || value === undefined) {
          if (spec.required && atRoot) errors.add([name], 'does not have a valid value');
        } else if (!everyItem(value, (item) => spec.values!.includes(item))) {
          errors.add([name], 'does not have a valid value');
        }
        break;
      case 'exceptValues':
        if (present && (value === null || value === undefined ? spec.exceptValues!.includes(null) : !everyItem(value, (item) => !spec.exceptValues!.includes(item)))) {
          errors.add([name], 'has a value not allowed');
        }
        break;
      case 'regexp':
        if (present && !everyItem(value, (item) => matchesRuby(spec.regexp!, item))) errors.add([name], 'is invalid');
        break;
      case 'allowBlank':
        if (spec.allowBlank === false && runs && value !== false && isBlank(value)) errors.add([name], 'is empty');
        break;
      case 'length': {
        const message = lengthMessage(spec.length!, value);
        if (message) errors.add([name], message);
        break;
      }
    }
  }

  if (param.nested && !coercionFailed) {
    // A required hash is walked even when absent so its required children are reported.
    const walk = isParamHash(value) ? !(!spec.required && isBlank(value)) : spec.required === true;
    if (walk) {
      const nested = validateScope(param.nested, isParamHash(value) ? value : {}, errors);
      if (isParamHash(value)) value = nested;
    } else if (isParamHash(value)) {
      value = {};
    }
  }
  return present ? value : ABSENT;
}

function matchesRuby(pattern: RegExp, item: unknown): boolean {
  if (item === null || item === undefined) return true;
  // A hash or array where a scalar was declared has already failed coercion; it never matches.
  if (typeof item === 'object') return false;
  pattern.lastIndex = 0; // a /g or /y pattern would otherwise remember the last match
  return pattern.test(typeof item === 'string' ? item : String(item));
}

/** Code points, as `[...value].length` counts them, without building the array (this runs on every poll). */
function characterCount(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

function lengthMessage(limits: { min?: number; max?: number }, value: unknown): string | null {
  let length: number;
  if (typeof value === 'string') length = characterCount(value); // Ruby counts characters
  else if (Array.isArray(value)) length = value.length;
  else return null;
  const { min, max } = limits;
  if ((min === undefined || length >= min) && (max === undefined || length <= max)) return null;
  if (min !== undefined && max !== undefined) return `is expected to have length within ${min} and ${max}`;
  if (min !== undefined) return `is expected to have length greater than or equal to ${min}`;
  return `is expected to have length less than or equal to ${max}`;
}

/** `output` holds exactly the params that are present (given or defaulted). */
function checkRule(rule: GroupRule, output: Record<string, unknown>, prefix: string | null, errors: ErrorList): void {
  const all = rule.params.map((param) => fullName(prefix, param));
  const given = rule.params.filter((param) => hasOwn(output, param)).map((param) => fullName(prefix, param));
  switch (rule.kind) {
    case 'mutuallyExclusive':
      if (given.length > 1) errors.add(given, 'are mutually exclusive');
      break;
    case 'atLeastOneOf':
      if (given.length === 0) errors.add(all, 'are missing, at least one parameter must be provided');
      break;
    case 'exactlyOneOf':
      if (given.length === 0) errors.add(all, 'are missing, exactly one parameter must be provided');
      else if (given.length > 1) errors.add(given, 'are mutually exclusive');
      break;
    case 'allOrNoneOf':
      if (given.length > 0 && given.length < all.length) errors.add(all, 'provide all or none of parameters');
      break;
  }
}
