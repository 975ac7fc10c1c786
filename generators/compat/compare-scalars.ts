/**
 * Bounds and string constraints. A bound moving inwards narrows, outwards widens; `format` is
 * treated as a constraint (catwire's ajv validates formats through ajv-formats), so adding one
 * narrows, removing one widens and changing one is 'both'. A changed `pattern` is 'both' unless
 * the two regexes are provably the same (pattern.ts): deciding regex inclusion in general is not
 * something a gate should guess at.
 */
import type { BoundName } from './codes.js';
import { change, fixed, type Pair } from './context.js';
import type { Bound, CountKeyword } from './node.js';
import { samePattern } from './pattern.js';
import { at, label } from './pointer.js';
import type { SchemaChange } from './types.js';

const COUNT_NAMES: Readonly<Record<CountKeyword, BoundName>> = {
  minLength: 'min-length', maxLength: 'max-length', minItems: 'min-items',
  maxItems: 'max-items', minProperties: 'min-properties', maxProperties: 'max-properties',
};

export function compareCount(pair: Pair, key: CountKeyword): SchemaChange[] {
  const before = pair.base.counts[key];
  const after = pair.head.counts[key];
  if (before === after) return [];
  const name = COUNT_NAMES[key];
  const where = label(pair.headPointer);
  if (before === undefined) return [fixed(at(pair.headPointer, key), `${name}-added`, `${key} ${after} added to ${where}`)];
  if (after === undefined) return [fixed(at(pair.basePointer, key), `${name}-removed`, `${key} ${before} removed from ${where}`)];
  const up = after > before;
  return [fixed(at(pair.headPointer, key), `${name}-${up ? 'increased' : 'decreased'}`, `${key} of ${where} ${up ? 'raised' : 'lowered'} from ${before} to ${after}`)];
}

function showBound(bound: Bound, side: 'minimum' | 'maximum'): string {
  const op = side === 'minimum' ? (bound.exclusive ? '>' : '>=') : bound.exclusive ? '<' : '<=';
  return `${op} ${bound.value}`;
}

function compareBound(pair: Pair, side: 'minimum' | 'maximum'): SchemaChange[] {
  const before = side === 'minimum' ? pair.base.lower : pair.base.upper;
  const after = side === 'minimum' ? pair.head.lower : pair.head.upper;
  const where = label(pair.headPointer);
  if (!before && !after) return [];
  if (!before && after) return [fixed(at(pair.headPointer, after.keyword), `${side}-added`, `${where} must now be ${showBound(after, side)}`)];
  if (before && !after) return [fixed(at(pair.basePointer, before.keyword), `${side}-removed`, `${where} no longer has to be ${showBound(before, side)}`)];
  if (!before || !after || (before.value === after.value && before.exclusive === after.exclusive)) return [];
  // A bound is higher when its value is, or when the values tie and only the new one is exclusive
  // (for a lower bound; for an upper bound an exclusive one is lower).
  const tie = before.value === after.value;
  const higher = tie ? (side === 'minimum') === after.exclusive : after.value > before.value;
  const text = `${side} of ${where} ${higher ? 'raised' : 'lowered'} from ${showBound(before, side)} to ${showBound(after, side)}`;
  return [fixed(at(pair.headPointer, after.keyword), `${side}-${higher ? 'increased' : 'decreased'}`, text)];
}

function isMultiple(a: number, b: number): boolean {
  const ratio = a / b;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

export function compareNumbers(pair: Pair): SchemaChange[] {
  const changes = [...compareBound(pair, 'minimum'), ...compareBound(pair, 'maximum')];
  const before = pair.base.multipleOf;
  const after = pair.head.multipleOf;
  const where = label(pair.headPointer);
  if (before === after) return changes;
  if (before === undefined) changes.push(fixed(at(pair.headPointer, 'multipleOf'), 'multiple-of-added', `${where} must now be a multiple of ${after}`));
  else if (after === undefined) changes.push(fixed(at(pair.basePointer, 'multipleOf'), 'multiple-of-removed', `${where} no longer has to be a multiple of ${before}`));
  else {
    // Every multiple of 4 is a multiple of 2: 2 → 4 narrows, 4 → 2 widens, 2 → 3 is both.
    const effect = isMultiple(after, before) ? 'narrowing' : isMultiple(before, after) ? 'widening' : 'both';
    changes.push(change(at(pair.headPointer, 'multipleOf'), 'multiple-of-changed', effect, `multipleOf of ${where} changed from ${before} to ${after}`));
  }
  return changes;
}

export function compareStrings(pair: Pair): SchemaChange[] {
  const changes = [...compareCount(pair, 'minLength'), ...compareCount(pair, 'maxLength')];
  const { base, head, basePointer, headPointer } = pair;
  const where = label(headPointer);
  if (base.pattern !== undefined && head.pattern !== undefined) {
    if (!samePattern(base.pattern, head.pattern)) {
      changes.push(fixed(at(headPointer, 'pattern'), 'pattern-changed', `pattern of ${where} changed from /${base.pattern}/ to /${head.pattern}/`));
    }
  } else if (head.pattern !== undefined) changes.push(fixed(at(headPointer, 'pattern'), 'pattern-added', `${where} must now match /${head.pattern}/`));
  else if (base.pattern !== undefined) changes.push(fixed(at(basePointer, 'pattern'), 'pattern-removed', `${where} no longer has to match /${base.pattern}/`));
  if (base.format !== head.format) {
    if (base.format === undefined) changes.push(fixed(at(headPointer, 'format'), 'format-added', `${where} must now have format "${head.format}"`));
    else if (head.format === undefined) changes.push(fixed(at(basePointer, 'format'), 'format-removed', `${where} no longer has to have format "${base.format}"`));
    else changes.push(fixed(at(headPointer, 'format'), 'format-changed', `format of ${where} changed from "${base.format}" to "${head.format}"`));
  }
  return changes;
}
