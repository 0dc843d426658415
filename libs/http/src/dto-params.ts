/**
 * A use case's params are a DTO class with class-validator decorators; this reads them once, from
 * class-validator's metadata storage, into Grape declarations (grape-params.ts), which the
 * requests are then checked with and the OpenAPI document is written from. One declaration, so
 * the check and the document cannot drift.
 *
 * Why not class-validator's validate() per request: Grape coerces before it validates (Rack
 * strings to integers and booleans, "" as absent), counts a key as present even when null,
 * and reports its own wording in its own order, which clients match on; and on the runner's
 * poll validate() costs more than the rest of the request (figures in README, "The API,
 * described"). The compiled check runs Grape's semantics from the very same decorators.
 *
 * Vocabulary (anything else throws at boot, so no decorator is silently ignored):
 * `@IsDefined()` required, `@IsOptional()` optional (one of the two on every property);
 * the type: `@IsString()`, `@IsInt()`, `@IsBoolean()`, `@IsCommaSeparatedArray()`,
 * `@IsParamHash(() => Children)`; then, in the order written (Grape's validator order):
 * `@IsIn(values)` (`{ each: true }` on arrays), `@IsNotIn(values)`, `@Matches(regexp)`,
 * `@MinLength`/`@MaxLength`/`@Length`/`@ArrayMinSize`/`@ArrayMaxSize`, `@IsNotEmpty()`
 * (`allow_blank: false`), `@Default(value)`; and `@ParamRules(...)` on the class.
 * Base classes' params come first, so mixins compose declarations in Grape's order.
 */
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { compileParams, type GroupRule, type ParamDeclarations, type ParamSpec, type ParamsSchema, type ParamType } from './grape-params';
import { GRAPE_DEFAULT, GRAPE_RULE, IS_COMMA_SEPARATED_ARRAY, IS_PARAM_HASH, type ParamsClass } from './param-constraints';

export interface DtoDeclarations {
  readonly declarations: ParamDeclarations;
  readonly rules: readonly GroupRule[];
}

const TYPES: Readonly<Record<string, ParamType>> = {
  isString: 'string',
  isInt: 'integer',
  isBoolean: 'boolean',
  [IS_COMMA_SEPARATED_ARRAY]: 'commaSeparatedArray',
  [IS_PARAM_HASH]: 'hash',
};

const compiled = new WeakMap<ParamsClass, ParamsSchema<unknown>>();

/** The Grape checker of a params class, compiled on first use and kept. */
export function paramsOf<T>(dto: ParamsClass<T>): ParamsSchema<T> {
  let schema = compiled.get(dto);
  if (!schema) {
    const { declarations, rules } = declarationsOf(dto);
    schema = compileParams<unknown>(declarations, rules);
    compiled.set(dto, schema);
  }
  return schema as ParamsSchema<T>;
}

/** The Grape declarations a params class's decorators make. */
export function declarationsOf(dto: ParamsClass): DtoDeclarations {
  const declarations: Record<string, ParamSpec> = {};
  const rules: GroupRule[] = [];
  for (const cls of lineage(dto)) {
    const own = getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .filter((metadata) => metadata.target === cls);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const metadata of own) {
      if (metadata.name === GRAPE_RULE) {
        rules.push(metadata.constraints[0] as GroupRule);
        continue;
      }
      const list = byProperty.get(metadata.propertyName) ?? [];
      list.push(metadata);
      byProperty.set(metadata.propertyName, list);
    }
    for (const [property, metadatas] of byProperty) {
      // Property decorators apply bottom-up: reversed, they are in the order written.
      declarations[property] = specOf(dto, property, metadatas.reverse());
    }
  }
  return { declarations, rules };
}

/** The class and its ancestors, the farthest first. */
function lineage(dto: ParamsClass): ParamsClass[] {
  const chain: ParamsClass[] = [];
  for (let cls = dto; cls && cls !== Object && cls.prototype; cls = Object.getPrototypeOf(cls)) chain.unshift(cls);
  return chain;
}

function specOf(dto: ParamsClass, property: string, metadatas: ValidationMetadata[]): ParamSpec {
  const where = `${dto.name}.${property}`;
  let required: boolean | null = null;
  let type: ParamType | null = null;
  let children: DtoDeclarations | null = null;
  const options: Record<string, unknown> = {};
  const length = (limits: { min?: number; max?: number }) => {
    options.length = { ...(options.length as object), ...limits };
  };
  for (const metadata of metadatas) {
    const name = metadata.name ?? metadata.type;
    const [first, second] = (metadata.constraints ?? []) as unknown[];
    if (name in TYPES) {
      if (type !== null) throw new Error(`${where}: two types`);
      type = TYPES[name];
      if (name === IS_PARAM_HASH && first) children = declarationsOf((first as () => ParamsClass)());
      continue;
    }
    switch (name) {
      case 'isDefined':
      case 'isOptional':
        if (required !== null) throw new Error(`${where}: both @IsDefined and @IsOptional`);
        required = name === 'isDefined';
        break;
      case 'isIn':
        options.values = first;
        break;
      case 'isNotIn':
        options.exceptValues = first;
        break;
      case 'matches':
        options.regexp = first instanceof RegExp ? first : new RegExp(first as string, second as string | undefined);
        break;
      case 'minLength':
      case 'arrayMinSize':
        length({ min: first as number });
        break;
      case 'maxLength':
      case 'arrayMaxSize':
        length({ max: first as number });
        break;
      case 'isLength':
        length({ min: first as number, max: second as number });
        break;
      case 'isNotEmpty':
        options.allowBlank = false;
        break;
      case GRAPE_DEFAULT:
        options.default = first;
        break;
      default:
        throw new Error(`${where}: @${name} has no Grape meaning here`);
    }
  }
  if (required === null) throw new Error(`${where}: say @IsDefined() or @IsOptional()`);
  if (type === null) throw new Error(`${where}: no type decorator`);
  const spec: Record<string, unknown> = { type, ...(required ? { required } : {}), ...options };
  if (children) {
    const { declarations, rules } = children as DtoDeclarations;
    Object.assign(spec, rules.length > 0 ? { params: declarations, rules } : { params: declarations });
  }
  return spec as unknown as ParamSpec;
}
