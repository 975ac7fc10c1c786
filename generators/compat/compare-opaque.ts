/**
 * What is compared as written, because catwire cannot reason about it: external or unresolvable
 * `$ref`s (their strings), allOf members that could not be merged, and validation keywords the
 * classifier does not analyse (if/then/else, dependent*, unevaluated* next to other applicators,
 * min/maxContains). Any difference there is 'both': a gate may over-report, never under-report.
 */
import { fixed, type Comparator } from './context.js';
import { canonical, deepEqual, show } from './json.js';
import { at, label } from './pointer.js';

export const compareRefs: Comparator = ({ base, head, headPointer }) => {
  if (deepEqual(base.unresolved, head.unresolved)) return [];
  const from = base.unresolved.length > 0 ? base.unresolved.join(', ') : 'an inline schema';
  const to = head.unresolved.length > 0 ? head.unresolved.join(', ') : 'an inline schema';
  return [fixed(at(headPointer, '$ref'), 'ref-changed', `${label(headPointer)} now refers to ${to} instead of ${from} (not resolvable here, so compared by name)`)];
};

export const compareResidual: Comparator = ({ base, head, headPointer }) => {
  const set = (parts: readonly unknown[]) => parts.map(canonical).sort();
  if (deepEqual(set(base.residual), set(head.residual))) return [];
  return [fixed(at(headPointer, 'allOf'), 'all-of-changed', `the allOf members of ${label(headPointer)} that cannot be merged changed`)];
};

export const compareUnanalysed: Comparator = ({ base, head, basePointer, headPointer }) => {
  const keys = [...new Set([...base.unanalysed.keys(), ...head.unanalysed.keys()])].sort();
  return keys.flatMap((key) => {
    const before = base.unanalysed.get(key);
    const after = head.unanalysed.get(key);
    if (deepEqual(before, after)) return [];
    const pointer = at(after === undefined ? basePointer : headPointer, key);
    const how = before === undefined ? `added (${show(after)})` : after === undefined ? 'removed' : 'changed';
    return [fixed(pointer, 'unanalysed-keyword-changed', `${key} ${how} on ${label(headPointer)}; catwire does not analyse it, so it counts as breaking both ways`)];
  });
};
