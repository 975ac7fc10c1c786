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

function sampleOf(root: Schema, input: unknown, shape: SampleShape, depth: number): unknown {
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
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function arraySample(root: Schema, schema: Schema, shape: SampleShape, depth: number): unknown[] {
  const tuple = Array.isArray(schema['prefixItems']) ? schema['prefixItems'] : Array.isArray(schema['items']) ? schema['items'] : undefined;
  const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  if (tuple) return tuple.slice(0, Math.max(min, shape === 'full' ? tuple.length : 0)).map((item) => sampleOf(root, item, shape, depth + 1));
  const count = Math.max(min, shape === 'full' ? 1 : 0);
  return Array.from({ length: count }, () => sampleOf(root, schema['items'], shape, depth + 1));
}

function stringSample(schema: Schema): string | undefined {
  const format = typeof schema['format'] === 'string' ? FORMATS[schema['format']] : undefined;
  if (format !== undefined) return format;
  if (typeof schema['pattern'] === 'string') return patternSample(schema['pattern']);
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
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
  const validate = validator(schema);
  if (!validate) return [];
  const out: Sample[] = [];
  for (const shape of ['full', 'minimal'] as const) {
    const payload = sampleOf(schema, schema, shape, 0);
    if (payload === undefined || !validate(payload)) continue;
    if (!out.some((s) => JSON.stringify(s.payload) === JSON.stringify(payload))) out.push({ shape, payload });
  }
  return out;
}
