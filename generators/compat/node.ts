/**
 * One schema level read into a canonical form, so that spellings with the same meaning compare
 * equal: draft-07 tuples (`items: [...]`, `additionalItems`) and 2020-12 ones (`prefixItems`,
 * `items`); draft-07 `dependencies` and 2020-12 `dependent*`; `unevaluatedProperties` with no
 * other applicator and `additionalProperties`. Scalar keywords are read by scalars.ts.
 */
import { flatten } from './flatten.js';
import { isObject, type JsonObject } from './json.js';
import { isAnnotation, typeOfValue, UNANALYSED, type JsonType } from './keywords.js';
import { mergeParts } from './merge.js';
import { canonicalTypes, readBound, readCounts, readTypes, readValues, type Bound, type CountKeyword } from './scalars.js';

export type { Bound, CountKeyword } from './scalars.js';

export interface Node {
  readonly never: boolean;
  readonly origins: readonly object[];
  readonly unresolved: readonly string[];
  /** The merged keywords, as written (used to distribute a parent into composition branches). */
  readonly merged: Readonly<JsonObject>;
  readonly residual: readonly JsonObject[];
  /** undefined: any type. Never holds both integer and number (number includes integer). */
  readonly types: ReadonlySet<JsonType> | undefined;
  readonly values: readonly unknown[] | undefined;
  readonly valuesKeyword: 'enum' | 'const';
  readonly lower: Bound | undefined;
  readonly upper: Bound | undefined;
  readonly multipleOf: number | undefined;
  readonly counts: Readonly<Partial<Record<CountKeyword, number>>>;
  readonly pattern: string | undefined;
  readonly format: string | undefined;
  readonly properties: ReadonlyMap<string, unknown>;
  readonly required: ReadonlySet<string>;
  readonly patternProperties: ReadonlyMap<string, unknown>;
  /** `true` when absent. */
  readonly additionalProperties: unknown;
  readonly propertyNames: unknown;
  readonly prefixItems: readonly unknown[];
  readonly prefixKeyword: 'items' | 'prefixItems';
  /** The schema for items after the tuple; `true` when absent. */
  readonly items: unknown;
  readonly itemsKeyword: 'items' | 'additionalItems';
  readonly uniqueItems: boolean;
  readonly contains: unknown;
  readonly anyOf: readonly unknown[] | undefined;
  readonly oneOf: readonly unknown[] | undefined;
  readonly not: unknown;
  readonly annotations: ReadonlyMap<string, unknown>;
  readonly unanalysed: ReadonlyMap<string, unknown>;
}

function map(value: unknown): Map<string, unknown> {
  return new Map(isObject(value) ? Object.entries(value) : []);
}

export function readNode(schema: unknown, doc: unknown): Node {
  const flat = flatten(schema, doc);
  const { merged: m, residual } = mergeParts(flat.parts);
  const values = readValues(m, readTypes(m));
  const types = values ? canonicalTypes(values.map(typeOfValue)) : readTypes(m);
  const integerOnly = types !== undefined && types.has('integer');
  const tuple = Array.isArray(m['items']);
  const unanalysed = new Map([...UNANALYSED].filter((k) => k in m).map((k) => [k, m[k]] as const));
  // draft-07 `dependencies` is 2020-12's dependentRequired (arrays) and dependentSchemas (schemas).
  for (const [name, dep] of map(m['dependencies'])) {
    const key = Array.isArray(dep) ? 'dependentRequired' : 'dependentSchemas';
    unanalysed.set(key, { ...(unanalysed.get(key) as JsonObject | undefined), [name]: dep });
  }
  // unevaluated* see through allOf (merged above); with no other applicator they are additional*.
  const plain = !m['anyOf'] && !m['oneOf'] && !('if' in m) && !unanalysed.has('dependentSchemas') && residual.length === 0;
  let additionalProperties = m['additionalProperties'];
  if (additionalProperties !== undefined || (plain && 'unevaluatedProperties' in m)) {
    additionalProperties ??= m['unevaluatedProperties'];
    unanalysed.delete('unevaluatedProperties');
  }
  let items = tuple ? m['additionalItems'] : m['items'];
  if (items !== undefined || (plain && !('contains' in m) && 'unevaluatedItems' in m)) {
    items ??= m['unevaluatedItems'];
    unanalysed.delete('unevaluatedItems');
  }
  return {
    never: flat.never || (types !== undefined && types.size === 0) || values?.length === 0,
    origins: flat.origins,
    unresolved: flat.unresolved,
    merged: m,
    residual,
    types,
    values,
    valuesKeyword: 'const' in m && !('enum' in m) ? 'const' : 'enum',
    lower: readBound(m, 'min', integerOnly),
    upper: readBound(m, 'max', integerOnly),
    multipleOf: typeof m['multipleOf'] === 'number' ? m['multipleOf'] : undefined,
    counts: readCounts(m),
    pattern: typeof m['pattern'] === 'string' ? m['pattern'] : undefined,
    format: typeof m['format'] === 'string' ? m['format'] : undefined,
    properties: map(m['properties']),
    required: new Set(Array.isArray(m['required']) ? m['required'].filter((r): r is string => typeof r === 'string') : []),
    patternProperties: map(m['patternProperties']),
    additionalProperties: additionalProperties ?? true,
    propertyNames: m['propertyNames'] ?? true,
    prefixItems: tuple ? (m['items'] as unknown[]) : Array.isArray(m['prefixItems']) ? m['prefixItems'] : [],
    prefixKeyword: tuple ? 'items' : 'prefixItems',
    items: items ?? true,
    itemsKeyword: tuple ? 'additionalItems' : 'items',
    uniqueItems: m['uniqueItems'] === true,
    contains: m['contains'],
    anyOf: Array.isArray(m['anyOf']) ? m['anyOf'] : undefined,
    oneOf: Array.isArray(m['oneOf']) ? m['oneOf'] : undefined,
    not: m['not'],
    annotations: new Map(Object.entries(m).filter(([k]) => isAnnotation(k))),
    unanalysed,
  };
}
