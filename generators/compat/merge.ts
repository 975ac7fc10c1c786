/**
 * Merging the conjuncts of a schema (the schema itself, its `$ref` target, its `allOf` members)
 * into one keyword object, so that a property moved from the root into an allOf member is the
 * same property (oasdiff#766). Each rule below is exact for the conjunction; what cannot be merged
 * exactly stays behind as a residual allOf member, compared as written.
 */
import { deepEqual, isObject, type JsonObject } from './json.js';
import { isValidationKeyword, JSON_TYPES, type JsonType } from './keywords.js';

/** Objects built here (not written by anyone) and the schema objects they stand for. */
export const synthetic = new WeakMap<object, readonly object[]>();

export function synthesize(value: JsonObject, origins: readonly object[] = []): JsonObject {
  synthetic.set(value, origins);
  return value;
}

const CONFLICT = Symbol('conflict');
const LOWER = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains']);
const UPPER = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains']);

export function typeList(value: unknown): JsonType[] | undefined {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  return list?.filter((t): t is JsonType => JSON_TYPES.includes(t as JsonType));
}

// An integer is a number: {number} ∩ {integer} = {integer}.
function intersectTypes(a: unknown, b: unknown): JsonType[] {
  const left = typeList(a) ?? [...JSON_TYPES];
  const right = typeList(b) ?? [...JSON_TYPES];
  const has = (list: JsonType[], t: JsonType) => list.includes(t) || (t === 'integer' && list.includes('number'));
  return JSON_TYPES.filter((t) => has(left, t) && has(right, t));
}

function mergeMaps(a: unknown, b: unknown): JsonObject | typeof CONFLICT {
  if (!isObject(a) || !isObject(b)) return CONFLICT;
  const out: JsonObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    out[key] = current === undefined || deepEqual(current, value) ? value : synthesize({ allOf: [current, value] });
  }
  return out;
}

function combine(key: string, a: unknown, b: unknown): unknown {
  if (LOWER.has(key) && typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  if (UPPER.has(key) && typeof a === 'number' && typeof b === 'number') return Math.min(a, b);
  switch (key) {
    case 'type': return intersectTypes(a, b);
    case 'enum': return Array.isArray(a) && Array.isArray(b) ? a.filter((v) => b.some((w) => deepEqual(v, w))) : CONFLICT;
    case 'required': return Array.isArray(a) && Array.isArray(b) ? [...new Set([...a, ...b])] : CONFLICT;
    case 'properties': case 'patternProperties': return mergeMaps(a, b);
    case 'uniqueItems': return a === true || b === true;
    case 'nullable': return a === true && b === true;
    // Same key set on both sides is guaranteed by apCompatible.
    case 'additionalProperties': case 'propertyNames': return synthesize({ allOf: [a, b] });
    case 'items': return Array.isArray(a) || Array.isArray(b) ? CONFLICT : synthesize({ allOf: [a, b] });
    // not A ∧ not B = not (A ∨ B); the anyOf stands for A and B in the recursion guard.
    case 'not': return synthesize({ anyOf: [a, b] }, [a, b].filter(isObject));
    case 'multipleOf':
      if (typeof a !== 'number' || typeof b !== 'number') return CONFLICT;
      return Number.isInteger(a / b) ? a : Number.isInteger(b / a) ? b : CONFLICT;
    default:
      // pattern, format, const, contains, anyOf, oneOf, if/then/else...: no exact single form.
      return CONFLICT;
  }
}

function constrainsExtras(value: unknown): boolean {
  return value !== undefined && value !== true;
}

function names(part: JsonObject, key: 'properties' | 'patternProperties'): string[] {
  const value = part[key];
  return isObject(value) ? Object.keys(value) : [];
}

/**
 * additionalProperties only sees its own object's properties: merging it with a part that brings
 * other properties would change its meaning, so it merges only when its owner already names them.
 */
function apCompatible(acc: JsonObject, part: JsonObject): boolean {
  const covers = (owner: JsonObject, other: JsonObject) =>
    (['properties', 'patternProperties'] as const).every((k) => names(other, k).every((n) => names(owner, k).includes(n)));
  if (constrainsExtras(acc['additionalProperties']) && !covers(acc, part)) return false;
  return !constrainsExtras(part['additionalProperties']) || covers(part, acc);
}

export interface Merged {
  readonly merged: JsonObject;
  readonly residual: readonly JsonObject[];
}

/** Parts in order of precedence: the first part's annotations win over its members'. */
export function mergeParts(parts: readonly JsonObject[]): Merged {
  const [first = {}, ...rest] = parts;
  const merged: JsonObject = { ...first };
  const residual: JsonObject[] = [];
  for (const part of rest) {
    if (!apCompatible(merged, part)) {
      residual.push(part);
      continue;
    }
    const leftover: JsonObject = {};
    for (const [key, value] of Object.entries(part)) {
      const current = merged[key];
      if (current === undefined) merged[key] = value;
      // An annotation keeps the parent's value; only validation keywords must be combined.
      else if (!deepEqual(current, value) && isValidationKeyword(key)) {
        const combined = combine(key, current, value);
        if (combined === CONFLICT) leftover[key] = value;
        else merged[key] = combined;
      }
    }
    if (Object.keys(leftover).length > 0) residual.push(leftover);
  }
  return { merged, residual };
}
