/**
 * A plain schema wrapped into `oneOf`/`anyOf` (or unwrapped out of one). oasdiff#702 reported
 * "wrap the old object into oneOf with a new alternative" as property removals; the change is
 * only a widening. The parent's own keywords are distributed into each branch
 * (P ∧ (A ∨ B) = (P ∧ A) ∨ (P ∧ B)) and the plain side is treated as a one-branch list, so the
 * usual matching applies: the old schema found among the branches, the others added. When the old
 * schema is not among them, one change carries the exact set relation: the union contains the
 * old schema when some branch does, and is contained in it when every branch is.
 */
import { identityOf } from './branches.js';
import { baseSide, change, fixed, headSide, type Ctx, type Pair, type Side } from './context.js';
import { KIND_NAME, kindsOf, type Kind } from './compare-composition.js';
import type { ChangeEffect } from './codes.js';
import type { JsonObject } from './json.js';
import { isValidationKeyword } from './keywords.js';
import { synthesize } from './merge.js';
import type { Node } from './node.js';
import { article, at, label } from './pointer.js';
import type { SchemaChange } from './types.js';

/** Exactly one side has a single kind of composition and the other none: handled here. */
export function isWrap(pair: Pair): boolean {
  const [a, b] = [kindsOf(pair.base).length, kindsOf(pair.head).length];
  const resolved = pair.base.unresolved.length === 0 && pair.head.unresolved.length === 0;
  return resolved && ((a === 0 && b === 1) || (a === 1 && b === 0));
}

/** A node's validation keywords (minus `drop`) as one schema; synthesized, standing for the node. */
function validation(node: Node, drop?: Kind): JsonObject | undefined {
  const own = Object.fromEntries(Object.entries(node.merged).filter(([k]) => isValidationKeyword(k) && k !== drop));
  const residual = node.residual.map((r) => synthesize(r, node.origins));
  if (Object.keys(own).length === 0 && residual.length === 0) return undefined;
  return synthesize({ allOf: [synthesize(own, node.origins), ...residual] }, node.origins);
}

function relation(effects: readonly ChangeEffect[], wrap: boolean): ChangeEffect {
  // wrap: effects are plain → branch; unwrap: branch → plain.
  const some = (ok: ChangeEffect) => effects.some((e) => e === 'none' || e === ok);
  const every = (ok: ChangeEffect) => effects.every((e) => e === 'none' || e === ok);
  const widens = wrap ? some('widening') : every('widening');
  const narrows = wrap ? every('narrowing') : some('narrowing');
  return widens && narrows ? 'none' : widens ? 'widening' : narrows ? 'narrowing' : 'both';
}

export function compareWrap(pair: Pair, ctx: Ctx): SchemaChange[] {
  const wrap = kindsOf(pair.base).length === 0;
  const composed = wrap ? pair.head : pair.base;
  const plainNode = wrap ? pair.base : pair.head;
  const kind = kindsOf(composed)[0] ?? 'oneOf';
  const parent = validation(composed, kind);
  const branches = (composed[kind] ?? []).map((b) => (parent ? synthesize({ allOf: [parent, b] }) : b));
  const plain = (wrap ? baseSide : headSide)(pair, validation(plainNode) ?? true);
  // Base first: the plain schema then a branch when wrapping, a branch then the plain schema when unwrapping.
  const compare = (j: number): [Side, Side] => {
    const branch = (wrap ? headSide : baseSide)(pair, branches[j]);
    return wrap ? [plain, branch] : [branch, plain];
  };
  const effects = branches.map((_, j) => ctx.effect(...compare(j)));
  const identity = identityOf(plainNode.merged);
  const candidates = [
    effects.flatMap((e, j) => (e === 'none' ? [j] : [])),
    identity === undefined ? [] : branches.flatMap((_, j) => (identityOf(composed[kind]?.[j]) === identity ? [j] : [])),
    effects.flatMap((e, j) => (e === 'both' ? [] : [j])),
  ];
  const match = candidates.find((list) => list.length === 1)?.[0] ?? candidates[0]?.[0];
  const plainPtr = wrap ? pair.basePointer : pair.headPointer;
  const composedPtr = wrap ? pair.headPointer : pair.basePointer;
  const where = label(pair.headPointer);
  const name = KIND_NAME[kind];
  if (match === undefined) {
    const effect = relation(effects, wrap);
    const text = wrap ? `${where} became ${article(kind)} of ${branches.length} alternatives` : `${where} is no longer ${article(kind)}`;
    return effect === 'none' ? [] : [change(at(composedPtr, kind), wrap ? `${name}-added` : `${name}-removed`, effect, text)];
  }
  const [b, h] = compare(match);
  const matchPtr = at(composedPtr, kind, match);
  const changes = ctx.diff(b, h, wrap ? plainPtr : matchPtr, wrap ? matchPtr : plainPtr);
  branches.forEach((_, j) => {
    if (j === match) return;
    const ptr = at(composedPtr, kind, j);
    changes.push(wrap ? fixed(ptr, `${name}-branch-added`, `${where} accepts a new ${kind} branch (${j})`) : fixed(ptr, `${name}-branch-removed`, `${where} lost ${kind} branch ${j}`));
  });
  return changes;
}
