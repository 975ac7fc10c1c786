/**
 * `anyOf`/`oneOf` lists that are one plain schema in disguise, folded into it so that equivalent
 * spellings compare equal (Specmatic#2217 flags `anyOf: [{type: string}, {type: null}]` against
 * `type: [string, null]`). Two exact folds:
 * - by type: each branch declares its types, the types are pairwise disjoint, and each branch
 *   uses only keywords of its own types — `anyOf: [{type: string, maxLength: 3}, {type: null}]`
 *   is `type: [string, null], maxLength: 3`;
 * - by value: each branch is a finite set of values (enum/const, a null or boolean type) —
 *   `anyOf: [{enum: [a, b]}, {type: null}]` is `enum: [a, b, null]`.
 * With disjoint branches at most one can match, so oneOf folds like anyOf. Branch annotations
 * are dropped (they describe the alternatives, not the value).
 */
import type { Flat } from './flatten.js';
import { canonical, type JsonObject } from './json.js';
import { GROUP_OF_KEYWORD, groupOf, isValidationKeyword, typeOfValue, type Group, type JsonType } from './keywords.js';
import { mergeParts, synthesize, typeList } from './merge.js';

interface Branch {
  readonly keywords: JsonObject;
  readonly origins: readonly object[];
}

function byType(branches: readonly Branch[]): JsonObject | undefined {
  const types = new Set<JsonType>();
  const keywords: JsonObject = {};
  for (const { keywords: k } of branches) {
    const own = typeList(k['type']);
    if (!own || own.length === 0) return undefined;
    const groups = new Set(own.map(groupOf).filter((g): g is Group => g !== undefined));
    for (const [key, value] of Object.entries(k)) {
      if (key === 'type') continue;
      const group = GROUP_OF_KEYWORD.get(key);
      if (!group || !groups.has(group)) return undefined;
      keywords[key] = value;
    }
    for (const t of own) {
      if (types.has(t) || (t === 'integer' && types.has('number')) || (t === 'number' && types.has('integer'))) return undefined;
      types.add(t);
    }
  }
  return { ...keywords, type: [...types].sort() };
}

/** The values a branch admits, when they are a finite list; undefined otherwise. */
function valuesOf(k: JsonObject): unknown[] | undefined {
  if (Object.keys(k).some((key) => key !== 'type' && key !== 'enum' && key !== 'const')) return undefined;
  const types = typeList(k['type']);
  let values: unknown[] | undefined = Array.isArray(k['enum']) ? [...(k['enum'] as unknown[])] : undefined;
  if ('const' in k) values = values ? values.filter((v) => canonical(v) === canonical(k['const'])) : [k['const']];
  if (!values && types && types.every((t) => t === 'null' || t === 'boolean')) {
    values = types.flatMap((t) => (t === 'null' ? [null] : [true, false]));
  }
  const admits = (t: JsonType) => !types || types.includes(t) || (t === 'integer' && types.includes('number'));
  return values?.filter((v) => admits(typeOfValue(v)));
}

function byValue(branches: readonly Branch[]): JsonObject | undefined {
  const values = new Map<string, unknown>();
  for (const { keywords } of branches) {
    const own = valuesOf(keywords);
    if (!own) return undefined;
    for (const v of own) values.set(canonical(v), v);
  }
  return { enum: [...values.values()] };
}

/** One schema equivalent to the composition, or undefined when there is none this simple. */
export function foldBranches(list: readonly unknown[], read: (branch: unknown) => Flat): JsonObject | undefined {
  const branches: Branch[] = [];
  for (const item of list) {
    const flat = read(item);
    if (flat.never) continue; // a `false` branch matches nothing
    const { merged, residual } = mergeParts(flat.parts);
    if (flat.unresolved.length > 0 || residual.length > 0) return undefined;
    const keywords = Object.fromEntries(Object.entries(merged).filter(([key]) => isValidationKeyword(key)));
    branches.push({ keywords, origins: flat.origins });
  }
  const folded = byType(branches) ?? byValue(branches);
  return folded && synthesize(folded, branches.flatMap((b) => b.origins));
}
