/**
 * Sample payloads from a JSON Schema, for the generated contract tests. Deterministic (the
 * tests are committed and must be byte-identical on every run), readable, and kept only when
 * they validate: a schema this small sampler cannot satisfy (an exotic pattern, a oneOf whose
 * branches overlap) yields fewer samples, never a wrong one blamed on the catalog.
 *
 * Two shapes per schema: `minimal` (required properties only, fewest items) and `full` (every
 * property, at least one item). Values come from the schema first — const, enum, default,
 * examples — then from the type, its format and its bounds.
 *
 * Why not a library: openapi-sampler 1.7.9 (deterministic, Redoc's) was tried in its place. It
 * copies escapes into pattern samples (`^[0-9]+\.[0-9]+$` gives `0\.0`) and ignores multipleOf
 * and exclusiveMinimum, so 4 of the 72 schemas in catalog/ and FlowMart got no valid sample,
 * against none with this one; json-schema-faker samples at random.
 */
import { dereference, validate } from '@cfworker/json-schema';
import { schemaErrorKinds } from '../model/schema-safety.js';
import { patternSample } from './pattern-sample.js';

type Schema = Readonly<Record<string, unknown>>;
export type SampleShape = 'minimal' | 'full';

export interface Sample {
  readonly shape: SampleShape;
  readonly payload: unknown;
}

const FORMATS: Readonly<Record<string, string>> = {
  'date-time': '2024-01-15T09:30:00.000Z',
  date: '2024-01-15',
  time: '09:30:00Z',
  duration: 'P1D',
  email: 'someone@example.com',
  'idn-email': 'someone@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  iri: 'https://example.com/',
  'iri-reference': 'https://example.com/',
  url: 'https://example.com/',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  'json-pointer': '/a',
  regex: '^a$',
};

// Deep schemas and recursive $refs stop here; validation then drops what is incomplete.
const MAX_DEPTH = 12;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : undefined;
}

/** The schema with its $ref and allOf folded in (shallowly merged: enough for sampling). */
function flatten(root: Schema, schema: Schema, depth: number): Schema {
  if (depth > MAX_DEPTH) return schema;
  let merged: Record<string, unknown> = { ...schema };
  if (typeof schema['$ref'] === 'string') {
    const target = resolveRef(root, schema['$ref']);
    delete merged['$ref'];
    if (target) merged = mergeSchemas(flatten(root, target, depth + 1), merged);
  }
  if (Array.isArray(schema['allOf'])) {
    delete merged['allOf'];
    for (const part of schema['allOf'].filter(isSchema)) merged = mergeSchemas(merged, flatten(root, part, depth + 1));
  }
  return merged;
}

function mergeSchemas(a: Schema, b: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a, ...b };
  if (isSchema(a['properties']) && isSchema(b['properties'])) out['properties'] = { ...a['properties'], ...b['properties'] };
  if (Array.isArray(a['required']) && Array.isArray(b['required'])) out['required'] = [...new Set([...a['required'], ...b['required']])];
  return out;
}

/**
 * Sampling is bounded by the work it does, not only by depth: wide and deep together (100
 * items of 100 items ...) would otherwise build payloads no test can print.
 */
const SAMPLE_BUDGET = 5_000;
/** Longest array and string a sample holds; a schema that asks for more gets no sample. */
const MAX_SAMPLE_ITEMS = 100;
const MAX_SAMPLE_LENGTH = 10_000;
let budget = SAMPLE_BUDGET;
class OverBudget extends Error {}

function sampleOf(root: Schema, input: unknown, shape: SampleShape, depth: number): unknown {
  if (--budget < 0) throw new OverBudget('sample budget spent');
  if (input === true || input === undefined) return {};
  if (!isSchema(input) || depth > MAX_DEPTH) return undefined;
  const schema = flatten(root, input, depth);
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  if ('default' in schema) return schema['default'];
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0];
  const branches = (Array.isArray(schema['oneOf']) ? schema['oneOf'] : Array.isArray(schema['anyOf']) ? schema['anyOf'] : []).filter(isSchema);
  if (branches[0]) {
    const { oneOf: _one, anyOf: _any, ...rest } = schema;
    return sampleOf(root, mergeSchemas(rest, flatten(root, branches[0], depth + 1)), shape, depth + 1);
  }
  switch (typeOf(schema)) {
    case 'object':
      return objectSample(root, schema, shape, depth);
    case 'array':
      return arraySample(root, schema, shape, depth);
    case 'string':
      return stringSample(schema);
    case 'integer':
      return numberSample(schema, true);
    case 'number':
      return numberSample(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

function typeOf(schema: Schema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0];
  if (isSchema(schema['properties'])) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

function objectSample(root: Schema, schema: Schema, shape: SampleShape, depth: number): Record<string, unknown> {
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
  const out: Record<string, unknown> = {};
  const keys = shape === 'full' ? [...new Set([...Object.keys(properties), ...required])] : [...required];
  for (const key of keys) {
    const value = sampleOf(root, properties[key], shape, depth + 1);
    // A property named __proto__ is defined, not assigned: assigning would set the prototype.
    if (value === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function arraySample(root: Schema, schema: Schema, shape: SampleShape, depth: number): unknown[] {
  const tuple = Array.isArray(schema['prefixItems']) ? schema['prefixItems'] : Array.isArray(schema['items']) ? schema['items'] : undefined;
  const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  if (min > MAX_SAMPLE_ITEMS) throw new OverBudget('too many items');
  if (tuple) return tuple.slice(0, Math.max(min, shape === 'full' ? tuple.length : 0)).map((item) => sampleOf(root, item, shape, depth + 1));
  const count = Math.max(min, shape === 'full' ? 1 : 0);
  if (count > MAX_SAMPLE_ITEMS) throw new OverBudget('too many items');
  return Array.from({ length: count }, () => sampleOf(root, schema['items'], shape, depth + 1));
}

function stringSample(schema: Schema): string | undefined {
  const format = typeof schema['format'] === 'string' ? FORMATS[schema['format']] : undefined;
  if (format !== undefined) return format;
  if (typeof schema['pattern'] === 'string') return patternSample(schema['pattern'], MAX_SAMPLE_LENGTH);
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  if (min > MAX_SAMPLE_LENGTH) throw new OverBudget('too long a string');
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  return 'sample'.padEnd(min, 'x').slice(0, max);
}

function numberSample(schema: Schema, integer: boolean): number {
  const num = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const step = num('multipleOf') ?? (integer ? 1 : undefined);
  const exclusiveMin = num('exclusiveMinimum') ?? (schema['exclusiveMinimum'] === true ? num('minimum') : undefined);
  let value = num('minimum') ?? 0;
  if (exclusiveMin !== undefined) value = Math.max(value, exclusiveMin + (step ?? 1));
  const max = num('maximum') ?? num('exclusiveMaximum');
  if (max !== undefined && value > max) value = max;
  return step !== undefined ? Math.ceil(value / step) * step : value;
}

/**
 * The validity check: @cfworker/json-schema interprets the schema instead of compiling it. A
 * sample is checked twice per schema and never again, so compiling (ajv, ~1 ms per schema)
 * would cost more than everything else generate does for a large catalog; interpreting costs
 * ~30 µs. The runtime still validates with ajv when the generated tests send the samples, and
 * test/generators/sample.test.ts checks that both validators agree on every sample of both
 * catalogs.
 */
function validator(schema: Schema): ((payload: unknown) => boolean) | undefined {
  const declared = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  const draft = declared.includes('2020-12') ? '2020-12' : declared.includes('2019-09') ? '2019-09' : declared.includes('draft-04') ? '4' : '7';
  try {
    // The lookup of every subschema by URI only serves references; building it walks the whole
    // schema and encodes a pointer per node, so a schema without references goes without.
    const lookup = refers(schema) ? dereference(schema as never) : {};
    return (payload) => validate(payload, schema as never, draft, lookup, true).valid;
  } catch {
    return undefined;
  }
}

const REFERENCE_KEYWORDS = new Set(['$ref', '$recursiveRef', '$dynamicRef']);

function refers(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(refers);
  if (!isSchema(value)) return false;
  for (const key in value) if (REFERENCE_KEYWORDS.has(key) || refers(value[key])) return true;
  return false;
}

/** The samples of a schema that validate against it; distinct payloads only. */
export function samplesFor(schema: unknown): Sample[] {
  if (!isSchema(schema)) return [];
  // A schema the model refuses (CW047–CW049: bad or slow patterns, too deep, cycles that never
  // nest) gets no samples: validating one could stall or recurse without end.
  if (schemaErrorKinds(schema).size > 0) return [];
  // Most message schemas are plain objects of typed, formatted, bounded fields: their samples are
  // valid by construction, and checking them would cost more than the rest of a contract test.
  let validate: ((value: unknown) => boolean) | undefined;
  try {
    validate = validByConstruction(schema, 0) ? () => true : validator(schema);
  } catch {
    return [];
  }
  if (!validate) return [];
  const out: Sample[] = [];
  for (const shape of ['full', 'minimal'] as const) {
    budget = SAMPLE_BUDGET;
    let payload: unknown;
    try {
      payload = sampleOf(schema, schema, shape, 0);
      if (payload === undefined || !validate(payload)) continue;
    } catch {
      // Past the budget, or a schema the validator cannot follow (a $ref to nothing, recursion
      // too deep): no sample of this shape, rather than a sample nobody checked.
      continue;
    }
    if (!out.some((s) => JSON.stringify(s.payload) === JSON.stringify(payload))) out.push({ shape, payload });
  }
  return out;
}

/** Keywords that only annotate: they never make a value invalid. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'deprecated', 'readOnly', 'writeOnly']);
/** What the sampler turns into valid values on its own, as long as the conditions below hold. */
const CONSTRUCTED = new Set([
  ...ANNOTATIONS, 'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems',
  'uniqueItems', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'const',
]);
const JSON_TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean', 'null']);
const num = (schema: Schema, key: string): number | undefined => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);

/**
 * Whether both samples of a schema are valid without checking them: it uses only keywords this
 * sampler satisfies by how it builds values (a whitelist; anything else — references,
 * combinators, patterns, defaults, examples, exclusive bounds, unknown keywords — is checked),
 * and under conditions that keep them satisfiable: bounds in order, required properties
 * declared, enum and const values of the declared type. test/generators/sample.test.ts holds
 * this against both validators on generated schemas and on every schema of both catalogs.
 * Exported for those tests.
 */
export function validByConstruction(schema: Schema, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  for (const key in schema) if (!CONSTRUCTED.has(key)) return false;
  const declared = schema['type'];
  const types = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared : undefined;
  if (declared !== undefined && (!types || types.length === 0 || !types.every((t) => typeof t === 'string' && JSON_TYPES.has(t)))) return false;
  if ('const' in schema || 'enum' in schema) {
    // The value is taken as it is: it must be of the declared type, with nothing else to satisfy.
    if ('const' in schema && 'enum' in schema) return false;
    const value = 'const' in schema ? schema['const'] : Array.isArray(schema['enum']) ? schema['enum'][0] : undefined;
    if (!('const' in schema) && (!Array.isArray(schema['enum']) || schema['enum'].length === 0)) return false;
    for (const key in schema) if (key !== 'type' && key !== 'enum' && key !== 'const' && !ANNOTATIONS.has(key)) return false;
    return !types || types.some((t) => hasType(value, t as string));
  }
  switch (typeOf(schema)) {
    case 'object': {
      const properties = schema['properties'] ?? {};
      const required = schema['required'] ?? [];
      if (!isSchema(properties) || !Array.isArray(required)) return false;
      // Required names not among the properties would get no value, or one additionalProperties may refuse.
      if (!required.every((name) => typeof name === 'string' && Object.hasOwn(properties, name))) return false;
      // ajv counts a declared __proto__ property as an additional one: such schemas are checked.
      if (Object.hasOwn(properties, '__proto__')) return false;
      const ap = schema['additionalProperties'];
      if (ap !== undefined && typeof ap !== 'boolean' && !isSchema(ap)) return false;
      return Object.values(properties).every((p) => p === true || (isSchema(p) && validByConstruction(p, depth + 1)));
    }
    case 'array': {
      const items = schema['items'];
      if (items !== undefined && items !== true && !(isSchema(items) && validByConstruction(items, depth + 1))) return false;
      const min = num(schema, 'minItems') ?? 0;
      const max = num(schema, 'maxItems');
      if (!Number.isInteger(min) || (max !== undefined && !Number.isInteger(max))) return false;
      const count = Math.max(min, 1); // the full sample has at least one item
      if (schema['uniqueItems'] === true && count > 1) return false;
      return max === undefined || max >= count;
    }
    case 'string': {
      const format = schema['format'];
      if (format !== undefined) return typeof format === 'string' && FORMATS[format] !== undefined && num(schema, 'minLength') === undefined && num(schema, 'maxLength') === undefined;
      const min = num(schema, 'minLength') ?? 0;
      const max = num(schema, 'maxLength');
      return Number.isInteger(min) && (max === undefined || (Number.isInteger(max) && max >= min));
    }
    case 'integer':
    case 'number': {
      const min = num(schema, 'minimum');
      const max = num(schema, 'maximum');
      const whole = (v: number | undefined) => v === undefined || typeOf(schema) === 'number' || Number.isInteger(v);
      return whole(min) && whole(max) && (min === undefined || max === undefined || min <= max) && (min !== undefined || max === undefined || max >= 0);
    }
    case 'boolean':
    case 'null':
      return true;
    default:
      // No type: the sample is an empty object, which only the type keyword could refuse.
      return declared === undefined && Object.keys(schema).every((key) => ANNOTATIONS.has(key));
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isSchema(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}
