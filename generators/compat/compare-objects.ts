/**
 * Objects, by set reasoning over every property name. A name is constrained by its `properties`
 * entry if it has one, else by the `patternProperties` it matches, else by `additionalProperties`
 * (absent = true). So an added or removed property is compared with what governed that name on
 * the other side, which decides the subtle cases without special rules:
 * - optional property added, additionalProperties allowed: the old schema took any value there,
 *   the new one a typed value → narrowing (senders who used that key for something else break);
 * - optional property added, additionalProperties false: the old schema rejected the key → widening;
 * - optional property removed: the mirror images (widening when extras are allowed, narrowing under false);
 * - a required property adds "must be present" (narrowing); dropping one adds widening.
 * A rename is a removal plus an addition, and reads as both.
 */
import { baseSide, combine, fixed, headSide, change, type Ctx, type Pair } from './context.js';
import { synthesize } from './merge.js';
import type { Node } from './node.js';
import { at, label } from './pointer.js';
import { compareCount } from './compare-scalars.js';
import type { SchemaChange } from './types.js';

function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return false;
  }
}

/** The schema a property name is validated against when `properties` does not list it. */
function constraintFor(node: Node, name: string): unknown {
  const patterns = [...node.patternProperties].filter(([p]) => matches(p, name)).map(([, s]) => s);
  if (patterns.length === 0) return node.additionalProperties;
  return patterns.length === 1 ? patterns[0] : synthesize({ allOf: patterns });
}

function compareProperty(pair: Pair, ctx: Ctx, name: string): SchemaChange[] {
  const { base, head } = pair;
  const basePtr = at(pair.basePointer, 'properties', name);
  const headPtr = at(pair.headPointer, 'properties', name);
  const wasRequired = base.required.has(name);
  const isRequired = head.required.has(name);
  const requiredEffect = wasRequired === isRequired ? 'none' : isRequired ? 'narrowing' : 'widening';
  const inBase = base.properties.has(name);
  const inHead = head.properties.has(name);
  if (inHead && !inBase) {
    const value = ctx.effect(baseSide(pair, constraintFor(base, name)), headSide(pair, head.properties.get(name)));
    const kind = isRequired ? 'required' : 'optional';
    return [change(headPtr, `property-added-${kind}`, combine([value, requiredEffect]), `${kind} property ${label(headPtr)} was added`)];
  }
  if (inBase && !inHead) {
    const value = ctx.effect(baseSide(pair, base.properties.get(name)), headSide(pair, constraintFor(head, name)));
    const kind = wasRequired ? 'required' : 'optional';
    return [change(basePtr, 'property-removed', combine([value, requiredEffect]), `${kind} property ${label(basePtr)} was removed`)];
  }
  const changes = inBase ? ctx.diff(baseSide(pair, base.properties.get(name)), headSide(pair, head.properties.get(name)), basePtr, headPtr) : [];
  if (requiredEffect === 'narrowing') changes.push(fixed(headPtr, 'required-added', `property ${label(headPtr)} became required`));
  if (requiredEffect === 'widening') changes.push(fixed(headPtr, 'required-removed', `property ${label(headPtr)} became optional`));
  return changes;
}

function comparePatternProperties(pair: Pair, ctx: Ctx): SchemaChange[] {
  const { base, head } = pair;
  const patterns = [...new Set([...base.patternProperties.keys(), ...head.patternProperties.keys()])].sort();
  return patterns.flatMap((p) => {
    const basePtr = at(pair.basePointer, 'patternProperties', p);
    const headPtr = at(pair.headPointer, 'patternProperties', p);
    const before = base.patternProperties.get(p);
    const after = head.patternProperties.get(p);
    if (base.patternProperties.has(p) && head.patternProperties.has(p)) return ctx.diff(baseSide(pair, before), headSide(pair, after), basePtr, headPtr);
    if (head.patternProperties.has(p)) {
      const effect = ctx.effect(baseSide(pair, base.additionalProperties), headSide(pair, after));
      return [change(headPtr, 'pattern-property-added', effect, `properties of ${label(pair.headPointer)} matching /${p}/ now have their own schema`)];
    }
    const effect = ctx.effect(baseSide(pair, before), headSide(pair, head.additionalProperties));
    return [change(basePtr, 'pattern-property-removed', effect, `properties of ${label(pair.headPointer)} matching /${p}/ no longer have their own schema`)];
  });
}

type Extras = 'true' | 'false' | 'schema';
const extrasOf = (value: unknown): Extras => (value === true ? 'true' : value === false ? 'false' : 'schema');

function compareAdditional(pair: Pair, ctx: Ctx): SchemaChange[] {
  const before = pair.base.additionalProperties;
  const after = pair.head.additionalProperties;
  const [from, to] = [extrasOf(before), extrasOf(after)];
  const basePtr = at(pair.basePointer, 'additionalProperties');
  const headPtr = at(pair.headPointer, 'additionalProperties');
  if (from === to) return from === 'schema' ? ctx.diff(baseSide(pair, before), headSide(pair, after), basePtr, headPtr) : [];
  // true ↔ {} (or a schema of annotations only) is no change.
  if (ctx.effect(baseSide(pair, before), headSide(pair, after)) === 'none') return [];
  const where = label(pair.headPointer);
  if (to === 'false') return [fixed(headPtr, 'additional-properties-forbidden', `${where} no longer accepts properties it does not declare`)];
  if (from === 'false') return [fixed(headPtr, 'additional-properties-allowed', `${where} now accepts properties it does not declare`)];
  if (to === 'schema') return [fixed(headPtr, 'additional-properties-constrained', `undeclared properties of ${where} must now match a schema`)];
  return [fixed(basePtr, 'additional-properties-unconstrained', `undeclared properties of ${where} are no longer constrained`)];
}

export function compareObjects(pair: Pair, ctx: Ctx): SchemaChange[] {
  const { base, head } = pair;
  const names = new Set([...base.properties.keys(), ...head.properties.keys(), ...base.required, ...head.required]);
  return [
    ...[...names].sort().flatMap((name) => compareProperty(pair, ctx, name)),
    ...comparePatternProperties(pair, ctx),
    ...compareAdditional(pair, ctx),
    ...ctx.diff(baseSide(pair, base.propertyNames), headSide(pair, head.propertyNames), at(pair.basePointer, 'propertyNames'), at(pair.headPointer, 'propertyNames')),
    ...compareCount(pair, 'minProperties'),
    ...compareCount(pair, 'maxProperties'),
  ];
}
