/**
 * class-validator constraints for what Grape declares and class-validator has no word for:
 * GitLab's CommaSeparatedToArray type, Rack-style nested hashes, Grape's `default` (which runs in
 * the validator chain at its written place) and the group rules (`mutually_exclusive`,
 * `at_least_one_of`, …). Each is a real class-validator constraint, so `validate()` understands
 * it on an already coerced object; the service reads the same metadata through paramsOf, which
 * runs Grape's semantics and wording (grape-params.ts).
 */
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isParamHash } from './rack-params';
import type { GroupRule } from './grape-params';

export const IS_COMMA_SEPARATED_ARRAY = 'isCommaSeparatedArray';
export const IS_PARAM_HASH = 'isParamHash';
export const GRAPE_DEFAULT = 'grapeDefault';
export const GRAPE_RULE = 'grapeRule';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ParamsClass<T = unknown> = (new () => T) & Function;

/** GitLab's `Types::CommaSeparatedToArray`: `a,b`, `x[]=a&x[]=b` or a JSON array, always strings. */
export function IsCommaSeparatedArray(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: IS_COMMA_SEPARATED_ARRAY,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: { validate: (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string') },
    });
}

/** Grape's `type: Hash`, with its children declared by another params class (or kept whole without one). */
export function IsParamHash(children?: () => ParamsClass): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: IS_PARAM_HASH,
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [children],
      validator: { validate: (value: unknown) => isParamHash(value) },
    });
}

/** Grape's `default:`, applied where it is written among the property's other options. */
export function Default(value: unknown): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: GRAPE_DEFAULT,
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [value],
      validator: { validate: () => true },
    });
}

const RULES_DECLARED = Symbol('grape.rulesDeclared');

/**
 * Grape's group rules (`mutually_exclusive`, `at_least_one_of`, `exactly_one_of`,
 * `all_or_none_of`), checked in the order given. One `@ParamRules` per class keeps that order
 * unambiguous (stacked class decorators apply bottom-up).
 */
export function ParamRules(...rules: GroupRule[]): ClassDecorator {
  return (target) => {
    if (Object.prototype.hasOwnProperty.call(target, RULES_DECLARED)) throw new Error(`${target.name}: declare every rule in one @ParamRules`);
    Object.defineProperty(target, RULES_DECLARED, { value: true });
    for (const rule of rules) {
      registerDecorator({
        name: GRAPE_RULE,
        target,
        propertyName: rule.params[0],
        constraints: [rule],
        validator: { validate: (_value: unknown, args: ValidationArguments) => ruleHolds(rule, args.object as Record<string, unknown>) },
      });
    }
  };
}

function ruleHolds(rule: GroupRule, object: Record<string, unknown>): boolean {
  const given = rule.params.filter((param) => object[param] !== undefined).length;
  switch (rule.kind) {
    case 'mutuallyExclusive':
      return given <= 1;
    case 'atLeastOneOf':
      return given >= 1;
    case 'exactlyOneOf':
      return given === 1;
    case 'allOrNoneOf':
      return given === 0 || given === rule.params.length;
  }
}

/** What a params mixin extends: any class with a no-argument constructor. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParamsBase = new (...args: any[]) => object;

/** The root of a mixin chain: declares nothing. */
export class NoParams {}
