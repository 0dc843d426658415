/**
 * The OpenAPI 3.1 document of what the server serves: its routes as Fastify recorded them
 * (servedRoutes: Nest's controllers and the direct routes alike), each with the description
 * written beside its code (describeRoute), whose params are the very classes the route validates
 * with, read through their Grape declarations (declarationsOf). A route nobody described still
 * appears, marked `x-undescribed` (the document's test refuses that).
 */
import { declarationsOf } from './dto-params';
import type { GroupRule, ParamDeclarations, ParamSpec } from './grape-params';
import type { ParamsClass } from './param-constraints';
import { routeDescription, type Authentication, type JsonSchema, type ResponseDescription, type RouteDescription } from './route-catalog';
import type { ServedRoute } from './served-routes';

const OPENAPI_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);
const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

type Json = Record<string, unknown>;

const ERROR_BODY = { $ref: '#/components/schemas/Error' };

/** The routes the document covers: every served one OpenAPI can name, less the HEADs Fastify adds beside GETs. */
export function documentedRoutes(routes: readonly ServedRoute[]): ServedRoute[] {
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  return routes.filter((r) => OPENAPI_METHODS.has(r.method) && !(r.method === 'HEAD' && gets.has(r.url)));
}

export function buildOpenApiDocument(routes: readonly ServedRoute[], info: OpenApiInfo, entities: Readonly<Record<string, JsonSchema>>): Json {
  const paths: Record<string, Json> = {};
  for (const route of documentedRoutes(routes)) {
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, routeDescription(route.method, route.url));
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: { schemas: { ...entities, Error: errorSchema() }, securitySchemes: SECURITY_SCHEMES },
  };
}

/** `/runners/:id` → `/runners/{id}`; a catch-all `*` → `{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{path}');
}

function pathParamNames(url: string): string[] {
  const names = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]);
  return url.endsWith('*') ? [...names, 'path'] : names;
}

function operation(route: ServedRoute, description: RouteDescription | undefined): Json {
  const inPath = pathParamNames(route.url);
  if (!description) {
    return { summary: `${route.method} ${route.url}`, 'x-undescribed': true, parameters: inPath.map((name) => pathParameter(name, { type: 'string' })), responses: { default: { description: 'Undescribed' } } };
  }
  const { declarations, rules } = mergedParams(description.params);
  const parameters: Json[] = inPath.map((name) => pathParameter(name, declarations[name] ? paramSchema(declarations[name]) : { type: 'string' }));
  const rest = Object.fromEntries(Object.entries(declarations).filter(([name]) => !inPath.includes(name)));
  const op: Json = { summary: description.summary, tags: [description.tag], operationId: operationId(route), security: SECURITY[description.auth] };
  if (description.description) op.description = description.description;
  if (route.method === 'GET' || route.method === 'HEAD') {
    parameters.push(...Object.entries(rest).map(([name, spec]) => queryParameter(name, spec)));
    if (rules.length > 0) op.description = [op.description, rulesText(rules)].filter(Boolean).join('\n\n');
  } else if (description.body) {
    op.requestBody = { required: true, content: { 'application/json': { schema: description.body } } };
  } else if (Object.keys(rest).length > 0) {
    const schema = objectSchema(rest, rules);
    op.requestBody = {
      required: Object.values(rest).some((spec) => spec.required),
      description: 'Also accepted as query parameters, as Grape merges the query string and the body.',
      content: Object.fromEntries(BODY_TYPES.map((type) => [type, { schema }])),
    };
  }
  if (parameters.length > 0) op.parameters = parameters;
  op.responses = responses(description);
  return op;
}

function operationId(route: ServedRoute): string {
  const words = route.url.replace(/^\/api\/v4\//, '').replace(/\*$/, 'path').split(/[/_-]+/).filter(Boolean);
  // A path served with and without its trailing slash gets two operations, and two ids.
  if (route.url.length > 1 && route.url.endsWith('/')) words.push('slash');
  return [route.method.toLowerCase(), ...words.map((w) => (w.startsWith(':') ? `by ${w.slice(1)}` : w))].join(' ').replace(/ (\w)/g, (_m, c: string) => c.toUpperCase());
}

/** Alternatives merge into one set: a param is required only where every alternative requires it. */
function mergedParams(params: RouteDescription['params']): { declarations: ParamDeclarations; rules: readonly GroupRule[] } {
  if (!params) return { declarations: {}, rules: [] };
  const classes = (Array.isArray(params) ? params : [params]) as ParamsClass[];
  const all = classes.map((cls) => declarationsOf(cls));
  const declarations: Record<string, ParamSpec> = {};
  for (const { declarations: one } of all) {
    for (const [name, spec] of Object.entries(one)) {
      const everywhere = all.every(({ declarations: other }) => other[name]?.required);
      declarations[name] = { ...spec, required: everywhere || undefined };
    }
  }
  return { declarations, rules: all[0].rules };
}

function pathParameter(name: string, schema: JsonSchema): Json {
  return { name, in: 'path', required: true, schema };
}

function queryParameter(name: string, spec: ParamSpec): Json {
  const parameter: Json = { name, in: 'query', required: spec.required === true, schema: paramSchema(spec) };
  if (spec.type === 'hash') Object.assign(parameter, { style: 'deepObject', explode: true });
  if (spec.type === 'commaSeparatedArray') Object.assign(parameter, { style: 'form', explode: false, description: 'A comma-separated list, or the param repeated with `[]`.' });
  return parameter;
}

/** A Grape declaration as JSON Schema: the type after Grape's coercion, and its options. */
export function paramSchema(spec: ParamSpec): Json {
  const schema: Json = {};
  switch (spec.type) {
    case 'string':
    case 'integer':
    case 'boolean':
      schema.type = spec.type;
      break;
    case 'commaSeparatedArray':
      Object.assign(schema, { type: 'array', items: { type: 'string' } });
      break;
    case 'hash':
      Object.assign(schema, spec.params ? objectSchema(spec.params, spec.rules ?? []) : { type: 'object' });
      break;
  }
  const target = spec.type === 'commaSeparatedArray' ? (schema.items as Json) : schema;
  if (spec.values) target.enum = [...spec.values];
  if (spec.exceptValues) target.not = { enum: [...spec.exceptValues] };
  if (spec.regexp) target.pattern = spec.regexp.source;
  if (spec.length) {
    const [min, max] = spec.type === 'commaSeparatedArray' ? ['minItems', 'maxItems'] : ['minLength', 'maxLength'];
    if (spec.length.min !== undefined) schema[min] = spec.length.min;
    if (spec.length.max !== undefined) schema[max] = spec.length.max;
  }
  if (spec.allowBlank === false && spec.type === 'string') schema.minLength = Math.max(1, (schema.minLength as number | undefined) ?? 0);
  if (spec.default !== undefined) schema.default = spec.default;
  return schema;
}

function objectSchema(declarations: ParamDeclarations, rules: readonly GroupRule[]): Json {
  const schema: Json = {
    type: 'object',
    properties: Object.fromEntries(Object.entries(declarations).map(([name, spec]) => [name, paramSchema(spec)])),
  };
  const required = Object.entries(declarations).filter(([, spec]) => spec.required).map(([name]) => name);
  if (required.length > 0) schema.required = required;
  const constraints = rules.map(ruleSchema);
  if (constraints.length > 0) Object.assign(schema, { allOf: constraints, description: rulesText(rules) });
  return schema;
}

/** Grape's group rules as JSON Schema ("given" means present, as Grape counts it). */
function ruleSchema(rule: GroupRule): Json {
  const each = rule.params.map((name) => ({ required: [name] }));
  const pairs = rule.params.flatMap((a, i) => rule.params.slice(i + 1).map((b) => ({ required: [a, b] })));
  switch (rule.kind) {
    case 'mutuallyExclusive':
      return { not: { anyOf: pairs } };
    case 'atLeastOneOf':
      return { anyOf: each };
    case 'exactlyOneOf':
      return { oneOf: each };
    case 'allOrNoneOf':
      return { anyOf: [{ required: [...rule.params] }, { not: { anyOf: each } }] };
  }
}

function rulesText(rules: readonly GroupRule[]): string {
  const words = { mutuallyExclusive: 'mutually exclusive', atLeastOneOf: 'at least one of', exactlyOneOf: 'exactly one of', allOrNoneOf: 'all or none of' };
  return rules.map((rule) => `${words[rule.kind]}: ${rule.params.join(', ')}`).join('; ');
}

function responses(description: RouteDescription): Json {
  const answers: Json = {};
  for (const [status, response] of Object.entries(description.responses)) answers[status] = successResponse(response, description.pagination);
  const errors: Record<string, string> = {};
  if (description.params || description.body) errors[400] = 'Invalid params: `{"error": "<param> is missing, <param> is invalid"}`, Grape\'s messages in its order';
  if (description.auth === 'user') errors[401] = '`401 Unauthorized`: no token, or an unknown, expired or revoked one';
  if (description.auth !== 'none') errors[403] = '`403 Forbidden`: the token may not do this';
  Object.assign(errors, description.errors ?? {});
  for (const [status, text] of Object.entries(errors)) answers[status] = { description: text, content: { 'application/json': { schema: ERROR_BODY } } };
  return answers;
}

function successResponse(response: string | ResponseDescription, pagination: RouteDescription['pagination']): Json {
  const { description, schema, contentType, headers } = typeof response === 'string' ? ({ description: response } as ResponseDescription) : response;
  const out: Json = { description };
  if (schema) out.content = { [contentType ?? 'application/json']: { schema } };
  const allHeaders = { ...(pagination ? PAGINATION_HEADERS : {}), ...(headers ?? {}) };
  if (Object.keys(allHeaders).length > 0) {
    out.headers = Object.fromEntries(Object.entries(allHeaders).map(([name, h]) => [name, { description: h.description, schema: h.schema ?? { type: 'string' } }]));
  }
  return out;
}

const PAGINATION_HEADERS: Record<string, { description: string; schema?: JsonSchema }> = {
  'X-Per-Page': { description: 'Items per page', schema: { type: 'string' } },
  'X-Page': { description: 'The page (offset pagination)' },
  'X-Next-Page': { description: 'The next page, or empty (offset pagination)' },
  'X-Prev-Page': { description: 'The previous page, or empty (offset pagination)' },
  'X-Total': { description: 'Items in all pages (offset pagination, up to 10,000 matches)' },
  'X-Total-Pages': { description: 'Pages (offset pagination, up to 10,000 matches)' },
  Link: { description: 'RFC 8288 links: `first`, `prev`, `next`, `last` (keyset: `next` only, with a `cursor`)' },
};

function errorSchema(): Json {
  return {
    description: "GitLab's error bodies: `message` (a string such as `404 Runner Not Found`, or per-attribute messages), or `error` for invalid params",
    type: 'object',
    properties: {
      message: { oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }] },
      error: { type: 'string' },
    },
    anyOf: [{ required: ['message'] }, { required: ['error'] }],
  };
}

const SECURITY_SCHEMES = {
  privateToken: { type: 'apiKey', in: 'header', name: 'PRIVATE-TOKEN', description: 'A personal access token' },
  bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token as `Authorization: Bearer`' },
  privateTokenParam: { type: 'apiKey', in: 'query', name: 'private_token', description: 'A personal access token as a param' },
  runnerToken: { type: 'apiKey', in: 'query', name: 'token', description: "The runner's authentication token as the `token` param (query, form or JSON body)" },
  registrationToken: { type: 'apiKey', in: 'query', name: 'token', description: 'A registration token (instance, group or project) as the `token` param (query, form or JSON body)' },
};

const SECURITY: Record<Authentication, Json[]> = {
  user: [{ privateToken: [] }, { bearer: [] }, { privateTokenParam: [] }],
  runner: [{ runnerToken: [] }],
  registration: [{ registrationToken: [] }],
  none: [],
};
