/**
 * Turning a loaded file into a resource's common fields, with the checks every resource
 * shares: required `id`, `name` and `version`, version as a semver string, known keys.
 */
import semver from 'semver';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LoadedResource } from '../load/types.js';
import { unknownKeys } from './known-keys.js';
import type { Deprecation, ResourceBase } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The resource's common fields, from which kinds.ts builds the resource (`latest` is decided
 * once every version is known).
 */
export function readBase(resource: LoadedResource, today: string, diagnostics: Diagnostic[]): Mutable<ResourceBase> | undefined {
  const fm = resource.frontmatter;
  const at = (field: string) => ({ file: resource.file, line: resource.lineOf([field]), field });
  const person = resource.collection === 'team' || resource.collection === 'user';

  if (typeof fm.id !== 'string' || fm.id.trim() === '') {
    diagnostics.push(
      diagnostic('missing-field', {
        ...at('id'),
        line: resource.lineOf(['id']) ?? 1,
        message: fm.id === undefined ? 'the resource has no id' : 'id must be a non-empty string',
        fix: 'Add `id: <unique-id>` to the frontmatter; ids are unique across all resource types',
      }),
    );
    return undefined;
  }
  if (typeof fm.name !== 'string') {
    diagnostics.push(
      diagnostic('missing-field', {
        ...at('name'),
        line: resource.lineOf(['name']) ?? resource.lineOf(['id']),
        message: fm.name === undefined ? `"${fm.id}" has no name` : 'name must be a string',
        fix: 'Add `name: <display name>` to the frontmatter',
      }),
    );
  }
  let version = '';
  if (!person) {
    if (fm.version === undefined) {
      diagnostics.push(
        diagnostic('missing-field', {
          ...at('version'),
          line: resource.lineOf(['id']),
          message: `"${fm.id}" has no version`,
          fix: "Add `version: '1.0.0'` (a quoted semver string) to the frontmatter",
        }),
      );
      return undefined;
    }
    version = String(fm.version);
    if (typeof fm.version !== 'string') {
      diagnostics.push(
        diagnostic('invalid-version', {
          ...at('version'),
          message: `version ${version} is a YAML ${typeof fm.version}, not a string`,
          fix: `Quote it and use three parts: version: '${semver.coerce(version)?.version ?? '1.0.0'}'`,
        }),
      );
    } else if (!semver.valid(version)) {
      diagnostics.push(
        diagnostic('invalid-version', {
          ...at('version'),
          message: `version "${version}" is not a semantic version`,
          fix: `Use MAJOR.MINOR.PATCH, e.g. '${semver.coerce(version)?.version ?? '1.0.0'}'`,
        }),
      );
    }
  }

  for (const key of unknownKeys(resource.collection, fm) ?? []) {
    diagnostics.push(
      diagnostic('unknown-key', {
        ...at(key),
        message: `"${key}" is not an EventCatalog ${resource.collection} field; EventCatalog 4.2.3 and later reject it`,
        fix: `Rename it to "x-${key}" (custom properties must start with x-) or remove it`,
      }),
    );
  }

  return {
    collection: resource.collection,
    id: fm.id,
    version,
    name: typeof fm.name === 'string' ? fm.name : fm.id,
    summary: typeof fm.summary === 'string' ? fm.summary.trim() : undefined,
    file: resource.file,
    dir: resource.dir,
    versioned: resource.versioned,
    owners: readOwners(fm.owners),
    deprecated: readDeprecation(fm.deprecated, today),
    draft: fm.draft !== undefined && fm.draft !== false,
    extensions: Object.fromEntries(Object.entries(fm).filter(([key]) => key.startsWith('x-'))),
    latest: false,
  };
}

function readOwners(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((owner) => {
    if (typeof owner === 'string') return [owner];
    const id = (owner as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [id] : [];
  });
}

function readDeprecation(value: unknown, today: string): Deprecation | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { message: undefined, date: undefined, inEffect: true };
  if (typeof value !== 'object' || value === null) return undefined;
  const { message, date } = value as { message?: unknown; date?: unknown };
  const day = typeof date === 'string' ? date.slice(0, 10) : date instanceof Date ? date.toISOString().slice(0, 10) : undefined;
  return {
    message: typeof message === 'string' ? message : undefined,
    date: day,
    inEffect: day === undefined || day <= today,
  };
}
