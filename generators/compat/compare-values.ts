/**
 * `type`, `enum` and `const`: the keywords that say which values exist at all. Types compare as
 * sets where integer is a subset of number, so `integer → number` widens, `number → integer`
 * narrows, and `string → [string, null]` (however spelled) widens. Enums compare as sets of values:
 * reordering one is no change.
 */
import { change, fixed, type Comparator } from './context.js';
import { canonical, show } from './json.js';
import type { JsonType } from './keywords.js';
import { at, label } from './pointer.js';

type Types = ReadonlySet<JsonType> | undefined;

export function admits(types: Types, type: JsonType): boolean {
  return !types || types.has(type) || (type === 'integer' && types.has('number'));
}

function includes(outer: Types, inner: Types): boolean {
  if (!outer) return true;
  return inner !== undefined && [...inner].every((t) => admits(outer, t));
}

function showTypes(types: Types): string {
  return types ? [...types].sort().join(' | ') : 'any type';
}

export const compareTypes: Comparator = ({ base, head, basePointer, headPointer }) => {
  // With an enum on both sides the types are those of the values: the enum diff says it all.
  if (base.values && head.values) return [];
  const wider = includes(head.types, base.types);
  const narrower = includes(base.types, head.types);
  if (wider && narrower) return [];
  const pointer = at(head.types ? headPointer : basePointer, 'type');
  const how = wider ? 'widened' : narrower ? 'narrowed' : 'changed';
  const code = wider ? 'type-widened' : narrower ? 'type-narrowed' : 'type-changed';
  return [fixed(pointer, code, `type of ${label(headPointer)} ${how} from ${showTypes(base.types)} to ${showTypes(head.types)}`)];
};

export const compareEnums: Comparator = ({ base, head, basePointer, headPointer }) => {
  const before = base.values;
  const after = head.values;
  const where = label(headPointer);
  if (!before && !after) return [];
  if (!before || !after) {
    const added = !before;
    const keyword = added ? head.valuesKeyword : base.valuesKeyword;
    const pointer = at(added ? headPointer : basePointer, keyword);
    const list = (added ? after : before) ?? [];
    if (keyword === 'const') {
      const text = `${where} ${added ? 'must now be' : 'no longer has to be'} ${show(list[0])}`;
      return [fixed(pointer, added ? 'const-added' : 'const-removed', text)];
    }
    return [fixed(pointer, added ? 'enum-added' : 'enum-removed', `${where} ${added ? 'is now limited to' : 'is no longer limited to'} ${show(list)}`)];
  }
  const keys = (list: readonly unknown[]) => new Map(list.map((v) => [canonical(v), v]));
  const was = keys(before);
  const now = keys(after);
  const added = [...now.keys()].filter((k) => !was.has(k)).sort();
  const removed = [...was.keys()].filter((k) => !now.has(k)).sort();
  if (added.length === 0 && removed.length === 0) return [];
  const pointer = at(headPointer, head.valuesKeyword);
  const usesConst = base.valuesKeyword === 'const' || head.valuesKeyword === 'const';
  if (usesConst && was.size === 1 && now.size === 1) {
    return [change(pointer, 'const-changed', 'both', `${where} changed its constant from ${show(before[0])} to ${show(after[0])}`)];
  }
  return [
    ...added.map((k) => fixed(pointer, 'enum-value-added', `${where} accepts the new enum value ${show(now.get(k))}`)),
    ...removed.map((k) => fixed(pointer, 'enum-value-removed', `${where} no longer accepts the enum value ${show(was.get(k))}`)),
  ];
};
