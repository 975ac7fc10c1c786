/**
 * One level of a schema as a list of conjuncts: the schema's own keywords, its `$ref` target
 * (ajv applies keywords beside a `$ref` in every draft, so they are conjuncts too) and its `allOf`
 * members, recursively. Only this level is resolved — subschemas stay as written and are
 * resolved when the diff reaches them, which is what lets recursive schemas terminate.
 */
import { foldBranches } from './fold.js';
import { isObject, type JsonObject } from './json.js';
import { STRUCTURAL } from './keywords.js';
import { synthetic } from './merge.js';
import { resolveLocalRef } from './pointer.js';

export interface Flat {
  readonly parts: readonly JsonObject[];
  /** Some conjunct is `false`: nothing is valid. */
  readonly never: boolean;
  /** The schema objects this level was read from: the identity the recursion guard uses. */
  readonly origins: readonly object[];
  /** Refs that could not be resolved locally; compared as strings. */
  readonly unresolved: readonly string[];
}

export function flatten(
  schema: unknown,
  doc: unknown,
  outer: ReadonlySet<string> = new Set(),
  enclosing: ReadonlySet<object> = new Set(),
): Flat {
  const parts: JsonObject[] = [];
  const origins: object[] = [];
  const unresolved: string[] = [];
  let never = false;
  // `expanding` guards `A = { allOf: [{ $ref: A }] }`: a conjunct that is the schema itself adds nothing.
  // `within` guards the same cycle made of objects rather than `$ref` strings (a dereferenced
  // document whose parser resolved refs into a cyclic graph): an enclosing node adds nothing.
  const within = new Set(enclosing);
  const visit = (node: unknown, expanding: ReadonlySet<string>): void => {
    if (node === false) never = true;
    if (!isObject(node) || within.has(node)) return;
    within.add(node);
    const { $ref: ref, allOf, ...own } = node;
    const members = Array.isArray(allOf) ? [...allOf] : [];
    for (const key of ['anyOf', 'oneOf'] as const) {
      const branches = own[key];
      if (!Array.isArray(branches)) continue;
      // A single-branch composition is that branch, and type-disjoint branches fold into one schema.
      const single = branches.length === 1 ? branches[0] : foldBranches(branches, (b) => flatten(b, doc, expanding, within));
      if (single === undefined) continue;
      delete own[key];
      members.push(single);
    }
    // An object holding only a $ref, an allOf or definitions contributes nothing of its own, so it
    // is no identity: `{ $ref: N }` inside N reads as N, and the recursion guard sees the cycle.
    const registered = synthetic.get(node);
    if (registered) origins.push(...registered);
    else if (Object.keys(own).some((k) => !STRUCTURAL.has(k))) origins.push(node);
    parts.push(own);
    if (typeof ref === 'string' && !expanding.has(ref)) {
      const target = resolveLocalRef(doc, ref);
      if (target === undefined) unresolved.push(ref);
      else visit(target, new Set([...expanding, ref]));
    }
    for (const member of members) visit(member, expanding);
    within.delete(node);
  };
  visit(schema, outer);
  return { parts, never, origins, unresolved: [...new Set(unresolved)].sort() };
}
