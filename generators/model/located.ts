/**
 * Lines for the model's findings that were made without one. Rules deep in planning (the
 * `x-amqp` extension, exchanges, routing keys, queues) know the resource and the field but not
 * the file's text; rather than thread a line lookup through each of them, the field they name is
 * read back as a frontmatter path once all findings are in.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { FileLines } from './checks.js';

/** `receives[3].version` → `['receives', 3, 'version']`; `x-amqp.queue.type` → `['x-amqp', 'queue', 'type']`. */
export function fieldPath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const part of field.split('.')) {
    const [name, ...indices] = part.split('[');
    if (name) path.push(name);
    for (const index of indices) {
      const n = Number(index.replace(/\]$/, ''));
      if (!Number.isInteger(n)) return path;
      path.push(n);
    }
  }
  return path;
}

/** The finding with the line of its field (or of the nearest enclosing key) where it had none. */
export function located(d: Diagnostic, lineOf: FileLines): Diagnostic {
  if (d.line !== undefined || d.field === undefined) return d;
  const line = lineOf(d.file, fieldPath(d.field));
  return line === undefined ? d : { ...d, line };
}
