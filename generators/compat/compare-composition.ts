/**
 * `anyOf`/`oneOf` present on both sides, and `not`. Adding a branch widens and removing one
 * narrows. For oneOf that is exact only when branches do not overlap (a value matching two
 * branches is rejected); catwire assumes they do not, as every discriminated union intends.
 * oneOf → anyOf over the same branches widens (anyOf drops the "exactly one" rule), the reverse
 * narrows. Inside `not` every effect is inverted.
 */
import { matchBranches } from './branches.js';
import type { CompositionName } from './codes.js';
import { baseSide, change, fixed, headSide, invert, type Ctx, type Pair } from './context.js';
import type { Node } from './node.js';
import { at, label } from './pointer.js';
import type { SchemaChange } from './types.js';

export type Kind = 'anyOf' | 'oneOf';
export const KIND_NAME: Readonly<Record<Kind, CompositionName>> = { anyOf: 'any-of', oneOf: 'one-of' };
const KINDS: readonly Kind[] = ['anyOf', 'oneOf'];

export function kindsOf(node: Node): Kind[] {
  return KINDS.filter((k) => node[k] !== undefined);
}

function compareBranches(pair: Pair, ctx: Ctx, baseKind: Kind, headKind: Kind): SchemaChange[] {
  const before = pair.base[baseKind] ?? [];
  const after = pair.head[headKind] ?? [];
  const where = label(pair.headPointer);
  const changes: SchemaChange[] = [];
  if (baseKind !== headKind) {
    const code = baseKind === 'oneOf' ? 'one-of-became-any-of' : 'any-of-became-one-of';
    changes.push(fixed(at(pair.headPointer, headKind), code, `${where} changed from ${baseKind} to ${headKind}`));
  }
  const equivalent = (i: number, j: number) => ctx.effect(baseSide(pair, before[i]), headSide(pair, after[j])) === 'none';
  const { pairs, added, removed } = matchBranches(before, after, equivalent);
  for (const [i, j] of pairs) {
    changes.push(...ctx.diff(baseSide(pair, before[i]), headSide(pair, after[j]), at(pair.basePointer, baseKind, i), at(pair.headPointer, headKind, j)));
  }
  const name = KIND_NAME[headKind];
  for (const j of added) changes.push(fixed(at(pair.headPointer, headKind, j), `${name}-branch-added`, `${where} accepts a new ${headKind} branch (${j})`));
  for (const i of removed) {
    changes.push(fixed(at(pair.basePointer, baseKind, i), `${KIND_NAME[baseKind]}-branch-removed`, `${where} lost ${baseKind} branch ${i}`));
  }
  return changes;
}

/** Both sides have compositions (the wrap/unwrap case is compare-wrap.ts). */
export function compareCompositions(pair: Pair, ctx: Ctx): SchemaChange[] {
  const before = kindsOf(pair.base);
  const after = kindsOf(pair.head);
  const [onlyBefore] = before;
  const [onlyAfter] = after;
  if (before.length === 1 && after.length === 1 && onlyBefore && onlyAfter) return compareBranches(pair, ctx, onlyBefore, onlyAfter);
  // Otherwise kind by kind; a composition appearing next to other keywords is one more conjunct.
  return KINDS.flatMap((kind) => {
    const inBase = before.includes(kind);
    const inHead = after.includes(kind);
    if (inBase && inHead) return compareBranches(pair, ctx, kind, kind);
    if (inHead) return [change(at(pair.headPointer, kind), `${KIND_NAME[kind]}-added`, 'narrowing', `${label(pair.headPointer)} must now also match its new ${kind}`)];
    if (inBase) return [change(at(pair.basePointer, kind), `${KIND_NAME[kind]}-removed`, 'widening', `${label(pair.headPointer)} no longer has to match its ${kind}`)];
    return [];
  });
}

export function compareNot(pair: Pair, ctx: Ctx): SchemaChange[] {
  const { base, head } = pair;
  const where = label(pair.headPointer);
  if (base.not === undefined && head.not === undefined) return [];
  if (base.not === undefined) return [fixed(at(pair.headPointer, 'not'), 'not-added', `${where} must now not match a schema`)];
  if (head.not === undefined) return [fixed(at(pair.basePointer, 'not'), 'not-removed', `${where} no longer has to avoid matching a schema`)];
  const inner = ctx.diff(baseSide(pair, base.not), headSide(pair, head.not), at(pair.basePointer, 'not'), at(pair.headPointer, 'not'));
  return inner.map((c) => ({ ...c, effect: invert(c.effect) }));
}
