/**
 * Reading the scalar keywords canonically, so that spellings with the same meaning compare equal:
 * `type: x` and `[x]`; `nullable: true` and a `null` type; `const` and a one-value enum;
 * `minLength: 0` and none; `exclusiveMinimum: 0` and `minimum: 1` on integers.
 */
import { deepEqual, type JsonObject } from './json.js';
import { typeOfValue, type JsonType } from './keywords.js';
import { typeList } from './merge.js';

export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
  /** The keyword as written, for messages and pointers. */
  readonly keyword: string;
}

export type CountKeyword = 'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties';
export const COUNT_KEYWORDS: readonly CountKeyword[] = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];

const ALL_TYPES = ['array', 'boolean', 'null', 'number', 'object', 'string'];

export function canonicalTypes(list: readonly JsonType[]): Set<JsonType> | undefined {
  const types = new Set(list);
  if (types.has('number')) types.delete('integer');
  return ALL_TYPES.every((t) => types.has(t as JsonType)) ? undefined : types;
}

export function readTypes(m: JsonObject): Set<JsonType> | undefined {
  const list = typeList(m['type']);
  // OpenAPI 3.0's `nullable: true` is a null type.
  return list && canonicalTypes(m['nullable'] === true ? [...list, 'null'] : list);
}

/**
 * enum ∩ const, keeping only values the types admit; the types are then those of the values, so
 * `type: [string, null], enum: [a, b]` reads as `enum: [a, b]` of type string, exactly as a
 * validator sees it.
 */
export function readValues(m: JsonObject, types: Set<JsonType> | undefined): unknown[] | undefined {
  let values = Array.isArray(m['enum']) ? [...(m['enum'] as unknown[])] : undefined;
  if ('const' in m) values = values ? values.filter((v) => deepEqual(v, m['const'])) : [m['const']];
  return values?.filter((v) => {
    const t = typeOfValue(v);
    return !types || types.has(t) || (t === 'integer' && types.has('number'));
  });
}

/**
 * The effective lower (or upper) bound: the tighter of minimum and exclusiveMinimum, draft-04's
 * boolean exclusiveMinimum included. On integer-only schemas an exclusive bound is the inclusive
 * one next to it, so `exclusiveMinimum: 0` and `minimum: 1` are the same bound.
 */
export function readBound(m: JsonObject, side: 'min' | 'max', integerOnly: boolean): Bound | undefined {
  const [inclusiveKey, exclusiveKey] = side === 'min' ? ['minimum', 'exclusiveMinimum'] : ['maximum', 'exclusiveMaximum'];
  const inclusive = m[inclusiveKey];
  const exclusive = m[exclusiveKey];
  const candidates: Bound[] = [];
  if (typeof inclusive === 'number') candidates.push({ value: inclusive, exclusive: exclusive === true, keyword: inclusiveKey });
  if (typeof exclusive === 'number') candidates.push({ value: exclusive, exclusive: true, keyword: exclusiveKey });
  const sign = side === 'min' ? 1 : -1;
  const tighter = (a: Bound, b: Bound) => (a.value * sign > b.value * sign || (a.value === b.value && a.exclusive) ? a : b);
  const bound = candidates.reduce<Bound | undefined>((best, c) => (best ? tighter(c, best) : c), undefined);
  if (!bound || !integerOnly) return bound;
  const round = side === 'min' ? Math.floor : Math.ceil;
  const value = bound.exclusive ? round(bound.value) + sign : side === 'min' ? Math.ceil(bound.value) : Math.floor(bound.value);
  return { value, exclusive: false, keyword: bound.keyword };
}

/** Count bounds; a minimum of 0 is no bound at all. */
export function readCounts(m: JsonObject): Partial<Record<CountKeyword, number>> {
  const counts: Partial<Record<CountKeyword, number>> = {};
  for (const key of COUNT_KEYWORDS) {
    const value = m[key];
    if (typeof value === 'number' && !(key.startsWith('min') && value <= 0)) counts[key] = value;
  }
  return counts;
}
