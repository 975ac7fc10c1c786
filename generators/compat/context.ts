/**
 * What every keyword comparator receives: the two canonical levels, where they sit, and a way to
 * recurse. Comparators never import the walker (diff.ts); they call back through `Ctx`, which
 * keeps the recursion guard in one place.
 */
import { CODE_EFFECTS, type ChangeCode, type ChangeEffect } from './codes.js';
import type { Node } from './node.js';
import type { SchemaChange } from './types.js';

/** A subschema and the document its local `$ref`s resolve against. */
export interface Side {
  readonly doc: unknown;
  readonly schema: unknown;
}

export interface Pair {
  readonly base: Node;
  readonly head: Node;
  readonly baseDoc: unknown;
  readonly headDoc: unknown;
  /** Where this level is in the base schema (reported for removals) and in the head schema. */
  readonly basePointer: string;
  readonly headPointer: string;
}

export interface Ctx {
  diff(base: Side, head: Side, basePointer: string, headPointer: string): SchemaChange[];
  /** The combined effect of going from `base` to `head`, without reporting the details. */
  effect(base: Side, head: Side): ChangeEffect;
}

export type Comparator = (pair: Pair, ctx: Ctx) => SchemaChange[];

export function baseSide(pair: Pair, schema: unknown): Side {
  return { doc: pair.baseDoc, schema };
}

export function headSide(pair: Pair, schema: unknown): Side {
  return { doc: pair.headDoc, schema };
}

export function change(pointer: string, code: ChangeCode, effect: ChangeEffect, message: string): SchemaChange {
  return { pointer, code, effect, message };
}

/** A change whose effect is the one its code always has. */
export function fixed(pointer: string, code: ChangeCode, message: string): SchemaChange {
  const effect = CODE_EFFECTS[code];
  if (effect === 'depends') throw new Error(`code ${code} has no fixed effect`);
  return change(pointer, code, effect, message);
}

/** The effect of several changes made together: widening and narrowing together are both. */
export function combine(effects: Iterable<ChangeEffect>): ChangeEffect {
  let widens = false;
  let narrows = false;
  for (const e of effects) {
    widens ||= e === 'widening' || e === 'both';
    narrows ||= e === 'narrowing' || e === 'both';
  }
  return widens && narrows ? 'both' : widens ? 'widening' : narrows ? 'narrowing' : 'none';
}

/** Under `not`, a wider inner schema is a narrower outer one. */
export function invert(effect: ChangeEffect): ChangeEffect {
  return effect === 'widening' ? 'narrowing' : effect === 'narrowing' ? 'widening' : effect;
}
