/**
 * Pairing the branches of two `oneOf`/`anyOf` lists, so that a changed branch is compared with
 * its old self instead of being reported as one branch removed and another added (oasdiff#314).
 * In order: branches written identically; branches with the same identity (the `$ref` they name,
 * their title, or the constant values of their properties — a discriminator); then by position
 * if as many branches are left on each side, else by equivalence. What is left was added or
 * removed. The equivalence test comes last because it is a full comparison per pair: nested
 * unions matched by it alone cost |branches|² comparisons per level.
 */
import { canonical, isObject } from './json.js';

export interface Matching {
  readonly pairs: readonly (readonly [base: number, head: number])[];
  readonly added: readonly number[];
  readonly removed: readonly number[];
}

/** An identity a branch keeps when its content changes; undefined when it has none. */
export function identityOf(branch: unknown): string | undefined {
  if (!isObject(branch)) return undefined;
  if (typeof branch['$ref'] === 'string') return `ref:${branch['$ref']}`;
  if (typeof branch['title'] === 'string') return `title:${branch['title']}`;
  const properties = branch['properties'];
  if (!isObject(properties)) return undefined;
  const tags = Object.entries(properties)
    .map(([name, s]) => [name, isObject(s) ? ('const' in s ? s['const'] : Array.isArray(s['enum']) && s['enum'].length === 1 ? s['enum'][0] : undefined) : undefined] as const)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return tags.length > 0 ? `tag:${canonical(tags)}` : undefined;
}

function uniqueIdentities(list: readonly unknown[], indices: readonly number[]): Map<string, number> {
  const seen = new Map<string, number | null>();
  for (const i of indices) {
    const id = identityOf(list[i]);
    if (id !== undefined) seen.set(id, seen.has(id) ? null : i);
  }
  return new Map([...seen].filter((e): e is [string, number] => e[1] !== null));
}

/** `equivalent(i, j)`: base branch i and head branch j accept the same values. */
export function matchBranches(before: readonly unknown[], after: readonly unknown[], equivalent: (i: number, j: number) => boolean): Matching {
  const pairs: [number, number][] = [];
  let left = before.map((_, i) => i);
  let right = after.map((_, j) => j);
  const take = (i: number, j: number) => {
    pairs.push([i, j]);
    left = left.filter((x) => x !== i);
    right = right.filter((x) => x !== j);
  };
  // Written the same: the same schema, unless a $ref may point at different targets in the two documents.
  const [textsBefore, textsAfter] = [before.map(canonical), after.map(canonical)];
  for (const i of [...left]) {
    const text = textsBefore[i] ?? '';
    const j = text.includes('"$ref"') ? undefined : right.find((candidate) => textsAfter[candidate] === text);
    if (j !== undefined) take(i, j);
  }
  const ids = uniqueIdentities(after, right);
  for (const [id, i] of uniqueIdentities(before, left)) {
    const j = ids.get(id);
    if (j !== undefined) take(i, j);
  }
  if (left.length === right.length) left.map((i, k) => [i, right[k] ?? 0] as const).forEach(([i, j]) => take(i, j));
  for (const i of [...left]) {
    const j = right.find((candidate) => equivalent(i, candidate));
    if (j !== undefined) take(i, j);
  }
  return { pairs: pairs.sort((a, b) => a[1] - b[1]), added: right, removed: left };
}
