/**
 * Resolving file references made in frontmatter (schemaPath, specifications, ...), relative to
 * the referencing resource's folder, and refusing any that leave the catalog root.
 */
import path from 'node:path';
import { isInside, readConfined, type ConfineOptions, type Refusal } from './confine.js';

export type ResolvedRef =
  | { readonly kind: 'file'; readonly file: string; readonly abs: string }
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'escapes'; readonly target: string };

/** Resolves `ref` written in a resource in folder `dir` (both relative to `root`). */
export function resolveRef(root: string, dir: string, ref: string): ResolvedRef {
  if (/^https?:\/\//i.test(ref)) return { kind: 'remote', url: ref };
  const local = ref.replace(/^file:\/\//i, '');
  const abs = path.resolve(root, dir, local);
  if (abs === path.resolve(root) || !isInside(root, abs)) return { kind: 'escapes', target: local };
  return { kind: 'file', file: toPosix(path.relative(root, abs)), abs };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly refusal: Refusal; readonly problem: string };

/**
 * Reads a UTF-8 file of the catalog, confined (see confine.ts). Synchronous on purpose: a
 * catalog is thousands of small files, and promise-based reads cost more than the reading itself.
 */
export function readText(root: string, abs: string, options: ConfineOptions = {}): ReadResult {
  const read = readConfined(root, abs, options);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}
