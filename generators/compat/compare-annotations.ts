/**
 * Annotation changes: reported, because a changelog wants them and they need a patch release at
 * most, but with effect 'none' — validation ignores them. `default` belongs here too: JSON Schema
 * validation never fills or checks defaults (catwire's ajv runs without useDefaults), so adding
 * one to a new required property does not make old senders valid (oasdiff#549); the message says
 * so, because code that *does* fill defaults will behave differently.
 */
import type { ChangeCode } from './codes.js';
import { fixed, type Comparator } from './context.js';
import { deepEqual } from './json.js';
import { at, label } from './pointer.js';

const NAMED: Readonly<Record<string, ChangeCode>> = {
  title: 'title-changed',
  description: 'description-changed',
  examples: 'examples-changed',
  example: 'examples-changed',
  default: 'default-changed',
  deprecated: 'deprecated-changed',
};

function verb(before: unknown, after: unknown): string {
  return before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
}

export const compareAnnotations: Comparator = (pair) => {
  const { base, head } = pair;
  const keys = [...new Set([...base.annotations.keys(), ...head.annotations.keys()])].sort();
  return keys.flatMap((key) => {
    const before = base.annotations.get(key);
    const after = head.annotations.get(key);
    if (deepEqual(before, after)) return [];
    const pointer = at(after === undefined ? pair.basePointer : pair.headPointer, key);
    const what = `${verb(before, after)} on ${label(pair.headPointer)}`;
    if (key === 'default') {
      return [fixed(pointer, 'default-changed', `default ${what} (annotation only: validators ignore it, but code that fills defaults will see it)`)];
    }
    if (key === 'deprecated') {
      const now = after === true ? 'marked deprecated' : 'no longer marked deprecated';
      return [fixed(pointer, 'deprecated-changed', `${label(pair.headPointer)} is ${now}`)];
    }
    return [fixed(pointer, NAMED[key] ?? 'annotation-changed', `${key} ${what}`)];
  });
};
