/**
 * Arrays. Tuples compare position by position in their canonical form (draft-07 `items: [...]` +
 * `additionalItems` and 2020-12 `prefixItems` + `items` read alike); a position that exists on
 * one side only is compared with the schema that governed it on the other side — the tail
 * schema, `true` when absent — exactly as object properties are compared with
 * additionalProperties. Adding a position under an open tail therefore narrows, under
 * `additionalItems: false` it widens.
 */
import { baseSide, change, fixed, headSide, type Ctx, type Pair } from './context.js';
import { compareCount } from './compare-scalars.js';
import { at, label } from './pointer.js';
import type { SchemaChange } from './types.js';

function compareTuple(pair: Pair, ctx: Ctx): SchemaChange[] {
  const { base, head } = pair;
  const changes: SchemaChange[] = [];
  const length = Math.max(base.prefixItems.length, head.prefixItems.length);
  for (let i = 0; i < length; i++) {
    const basePtr = at(pair.basePointer, base.prefixKeyword, i);
    const headPtr = at(pair.headPointer, head.prefixKeyword, i);
    const inBase = i < base.prefixItems.length;
    const inHead = i < head.prefixItems.length;
    const before = inBase ? base.prefixItems[i] : base.items;
    const after = inHead ? head.prefixItems[i] : head.items;
    if (inBase && inHead) {
      changes.push(...ctx.diff(baseSide(pair, before), headSide(pair, after), basePtr, headPtr));
      continue;
    }
    const effect = ctx.effect(baseSide(pair, before), headSide(pair, after));
    if (inHead) changes.push(change(headPtr, 'tuple-item-added', effect, `${label(pair.headPointer)} has a new tuple position ${i}`));
    else changes.push(change(basePtr, 'tuple-item-removed', effect, `${label(pair.headPointer)} no longer has a tuple position ${i}`));
  }
  return changes;
}

export function compareArrays(pair: Pair, ctx: Ctx): SchemaChange[] {
  const { base, head, basePointer, headPointer } = pair;
  const where = label(headPointer);
  const changes = [
    ...compareTuple(pair, ctx),
    ...ctx.diff(baseSide(pair, base.items), headSide(pair, head.items), at(basePointer, base.itemsKeyword), at(headPointer, head.itemsKeyword)),
    ...compareCount(pair, 'minItems'),
    ...compareCount(pair, 'maxItems'),
  ];
  if (!base.uniqueItems && head.uniqueItems) changes.push(fixed(at(headPointer, 'uniqueItems'), 'unique-items-added', `items of ${where} must now be unique`));
  if (base.uniqueItems && !head.uniqueItems) changes.push(fixed(at(basePointer, 'uniqueItems'), 'unique-items-removed', `items of ${where} no longer have to be unique`));
  // `contains` absent is no constraint, but `contains: true` demands a non-empty array: absent is not true here.
  if (base.contains === undefined && head.contains !== undefined) {
    changes.push(fixed(at(headPointer, 'contains'), 'contains-added', `${where} must now contain a matching item`));
  } else if (base.contains !== undefined && head.contains === undefined) {
    changes.push(fixed(at(basePointer, 'contains'), 'contains-removed', `${where} no longer has to contain a matching item`));
  } else if (base.contains !== undefined) {
    changes.push(...ctx.diff(baseSide(pair, base.contains), headSide(pair, head.contains), at(basePointer, 'contains'), at(headPointer, 'contains')));
  }
  return changes;
}
