/**
 * Resolving pointers (`{id, version}`) against the catalog's indexes, reporting every pointer
 * that does not resolve — core silently drops those, which is how catalogs rot.
 */
import { closest, distance } from 'fastest-levenshtein';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LoadedResource } from '../load/types.js';
import { display } from '../load/refs.js';
import type { Ref, ResourceBase } from './types.js';
import type { VersionIndex } from './versions.js';

export interface Pointer {
  readonly id: string;
  readonly version: string;
  /** The raw object, for sub-fields such as `to`, `from`, `fields`, `parameters`. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly path: readonly (string | number)[];
}

/** Reads `value` as a list of pointers, skipping (and reporting) entries without an id. */
export function readPointers(
  resource: LoadedResource,
  value: unknown,
  path: readonly (string | number)[],
  diagnostics: Diagnostic[],
): Pointer[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    diagnostics.push(
      diagnostic('invalid-frontmatter', {
        file: resource.file,
        line: resource.lineOf(path),
        field: display(path),
        message: `${display(path)} must be a list of pointers`,
        fix: 'Write it as a YAML list of `- id: <id>` entries (version optional)',
      }),
    );
    return [];
  }
  return value.flatMap((entry, i) => {
    const pointer = readPointer(resource, entry, [...path, i], diagnostics);
    return pointer ? [pointer] : [];
  });
}

/** Reads one pointer (`{id, version}` or a bare id string). */
export function readPointer(
  resource: LoadedResource,
  entry: unknown,
  path: readonly (string | number)[],
  diagnostics: Diagnostic[],
): Pointer | undefined {
  if (typeof entry === 'string') return { id: entry, version: 'latest', raw: {}, path };
  const raw = (entry ?? {}) as Record<string, unknown>;
  if (typeof raw.id !== 'string' && typeof raw.id !== 'number') {
    diagnostics.push(
      diagnostic('invalid-frontmatter', {
        file: resource.file,
        line: resource.lineOf(path),
        field: display(path),
        message: 'the pointer has no id',
        fix: 'Give every pointer an `id:` (and optionally a `version:`)',
      }),
    );
    return undefined;
  }
  const version = raw.version === undefined || raw.version === null ? 'latest' : String(raw.version);
  return { id: String(raw.id), version, raw, path };
}

export function resolvePointer<T extends ResourceBase>(
  index: VersionIndex<T>,
  label: string,
  pointer: Pointer,
  resource: LoadedResource,
  diagnostics: Diagnostic[],
): Ref<T> {
  const result = index.resolve(pointer.id, pointer.version);
  if (result.ok) return { id: pointer.id, version: pointer.version, target: result.target };
  const where = { file: resource.file, line: resource.lineOf([...pointer.path, 'id']), field: `${display(pointer.path)}.id` };
  if (result.reason === 'unknown-id') {
    const guess = suggest(pointer.id, result.candidates);
    diagnostics.push(
      diagnostic('dangling-reference', {
        ...where,
        message: `${label} "${pointer.id}" does not exist`,
        fix: guess
          ? `Did you mean "${guess}"? Otherwise add the ${label} or remove the pointer`
          : `Point to an existing ${label} id, or add the ${label}`,
      }),
    );
  } else {
    diagnostics.push(
      diagnostic('version-not-found', {
        file: resource.file,
        line: resource.lineOf([...pointer.path, 'version']) ?? where.line,
        field: `${display(pointer.path)}.version`,
        message: `${label} "${pointer.id}" has no version matching "${pointer.version}" (versions: ${result.available.join(', ')})`,
        fix: `Point to an existing version, a range such as "${majorRange(result.available[0])}", or "latest"`,
      }),
    );
  }
  return { id: pointer.id, version: pointer.version, target: undefined };
}

function majorRange(version: string | undefined): string {
  const major = /^(\d+)\./.exec(version ?? '')?.[1];
  return major === undefined ? '1.x' : `${major}.x`;
}

/** A near id: same letters in another case, one containing the other, or a small edit away. */
export function suggest(id: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = id.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const containing =
    lower.length >= 4 ? candidates.filter((c) => c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase())) : [];
  if (containing.length > 0) return closest(id, containing);
  const best = closest(id, [...candidates]);
  return distance(id, best) <= Math.max(2, Math.floor(id.length / 4)) ? best : undefined;
}
