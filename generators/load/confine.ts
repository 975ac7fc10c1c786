/**
 * The one rule for every file catwire reads from a catalog: it must be a regular file whose
 * real location (symbolic links resolved) is inside the catalog folder, and no larger than
 * MAX_FILE_BYTES. Everything is decided from the file's metadata (lstat, readlink, stat) before
 * it is opened — opening a FIFO would block, and opening a file outside would already leak.
 * Catalogs come from pull requests; a symlink or a `$ref` must not reach the CI machine's files.
 */
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Files above this are refused unread: no real schema or spec is near it, and parsing one would take minutes. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type Refusal =
  /** The path itself (before symlinks) leaves the folder: `..`, an absolute path, a `file:` URL elsewhere. */
  | 'outside'
  /** The path is inside, but a symbolic link on the way resolves outside (or loops). */
  | 'link-outside'
  /** A FIFO, socket or device. */
  | 'not-regular'
  | 'too-large'
  | 'missing';

export type Confined =
  | { readonly ok: true; readonly abs: string; readonly size: number }
  | { readonly ok: false; readonly refusal: Refusal; readonly problem: string };

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync.native(root);
    } catch {
      real = root;
    }
    realRoots.set(root, real);
  }
  return real;
}

/** True when `abs` is `root` itself or below it (lexically; a folder named `..data` is below). */
export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

export interface ConfineOptions {
  readonly maxBytes?: number;
  /**
   * `abs` came from a listing that does not follow links (listing.ts): no folder on its way is
   * a link, so a regular file needs one lstat, and only a link needs resolving.
   */
  readonly listed?: boolean;
}

/** Checks `abs` (an absolute path meant to be in `root`) without opening it. */
export function confine(root: string, abs: string, options: ConfineOptions = {}): Confined {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  if (options.listed) {
    const own = lstatSync(abs, { throwIfNoEntry: false });
    if (own?.isFile()) return own.size > maxBytes ? tooLarge(own.size, maxBytes) : { ok: true, abs, size: own.size };
  }
  const resolvedRoot = path.resolve(root);
  if (!isInside(resolvedRoot, abs) || abs === resolvedRoot) {
    return { ok: false, refusal: 'outside', problem: 'is outside the catalog folder' };
  }
  let real: string;
  try {
    // realpath resolves the links on the way without opening the file.
    real = realpathSync.native(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, refusal: 'link-outside', problem: 'is a symbolic link that loops' };
    return { ok: false, refusal: 'missing', problem: 'does not exist' };
  }
  if (!isInside(realRoot(resolvedRoot), real)) {
    return { ok: false, refusal: 'link-outside', problem: 'is a symbolic link that leads outside the catalog folder' };
  }
  const stat = statSync(real, { throwIfNoEntry: false });
  if (!stat) return { ok: false, refusal: 'missing', problem: 'does not exist' };
  // A folder is "not a file here" as far as a reference is concerned: reported as missing.
  if (stat.isDirectory()) return { ok: false, refusal: 'missing', problem: 'is a folder, not a file' };
  if (!stat.isFile()) return { ok: false, refusal: 'not-regular', problem: 'is not a regular file (a FIFO, socket or device)' };
  if (stat.size > maxBytes) return tooLarge(stat.size, maxBytes);
  return { ok: true, abs: real, size: stat.size };
}

function tooLarge(size: number, maxBytes: number): Confined {
  return { ok: false, refusal: 'too-large', problem: `is ${megabytes(size)} MB, above the limit of ${megabytes(maxBytes)} MB` };
}

/** A confined file's bytes, or why it was not read. */
export function readConfined(root: string, abs: string, options: ConfineOptions = {}): { ok: true; bytes: Buffer } | Extract<Confined, { ok: false }> {
  const checked = confine(root, abs, options);
  if (!checked.ok) return checked;
  try {
    return { ok: true, bytes: readFileSync(checked.abs) };
  } catch {
    // Gone or unreadable between the check and the read.
    return { ok: false, refusal: 'missing', problem: 'cannot be read' };
  }
}

/**
 * Where a `$ref` (or any reference) written in the file `from` points: remote (never fetched),
 * a local pointer inside the same document, or a file path.
 */
export type RefTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'remote' }
  | { readonly kind: 'file'; readonly abs: string };

export function refTarget(from: string, ref: string): RefTarget {
  if (ref.startsWith('#')) return { kind: 'local' };
  const withoutPointer = ref.replace(/#.*$/, '');
  if (/^file:/i.test(withoutPointer)) {
    // file:///abs/path, file:/abs/path and file:relative all name a file on this machine.
    const rest = decodeURIComponentSafe(withoutPointer.replace(/^file:(\/\/[^/]*)?/i, ''));
    return { kind: 'file', abs: path.resolve(path.dirname(from), rest) };
  }
  // Any other scheme (http:, https:, urn:, ...) is not a path on this machine.
  if (/^[a-z][a-z0-9+.-]+:/i.test(withoutPointer) && !/^[a-z]:[\\/]/i.test(withoutPointer)) return { kind: 'remote' };
  return { kind: 'file', abs: path.resolve(path.dirname(from), decodeURIComponentSafe(withoutPointer)) };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
