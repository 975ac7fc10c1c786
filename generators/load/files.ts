/**
 * Resolving file references made in frontmatter (schemaPath, specifications, ...), relative to
 * the referencing resource's folder, and refusing any that leave the catalog root.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type ResolvedRef =
  | { readonly kind: 'file'; readonly file: string; readonly abs: string }
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'escapes'; readonly target: string };

/** Resolves `ref` written in a resource in folder `dir` (both relative to `root`). */
export function resolveRef(root: string, dir: string, ref: string): ResolvedRef {
  if (/^https?:\/\//i.test(ref)) return { kind: 'remote', url: ref };
  const local = ref.replace(/^file:\/\//i, '');
  const abs = path.resolve(root, dir, local);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { kind: 'escapes', target: local };
  return { kind: 'file', file: toPosix(rel), abs };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Reads a UTF-8 file; `undefined` when it does not exist or is not a file. Synchronous on
 * purpose: a catalog is thousands of small files, and promise-based reads cost more than the
 * reading itself.
 */
export function readText(abs: string): string | undefined {
  try {
    return readFileSync(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
