/**
 * The file references a resource's frontmatter makes: message schemas (`schemaPath`, or
 * `schemas[]` which takes precedence as in core's schema loader), the query reply schema
 * (`x-response-schema`, catwire's extension) and attached specifications in both the array
 * and the legacy object form.
 */
import type { Frontmatter, SpecType } from './types.js';

export type RefRole = 'payload' | 'response' | 'spec';

export interface FileRef {
  readonly kind: 'schema' | 'spec';
  readonly role: RefRole;
  readonly specType: SpecType;
  /** The path as written. */
  readonly value: string;
  /** Where it was written, for line lookup. */
  readonly path: readonly (string | number)[];
  /** The same, for display (`schemas[0].path`). */
  readonly field: string;
  /** For `schemas[]` entries: marked `default: true`. */
  readonly isDefault: boolean;
  /** For specifications: the display name given in the catalog. */
  readonly name: string | undefined;
}

const MESSAGE_COLLECTIONS = new Set(['event', 'command', 'query']);
const SPEC_TYPES: readonly SpecType[] = ['asyncapi', 'openapi', 'graphql'];

export function fileRefs(resource: { readonly collection: string; readonly frontmatter: Frontmatter }): FileRef[] {
  const fm = resource.frontmatter;
  const refs: FileRef[] = [];
  if (MESSAGE_COLLECTIONS.has(resource.collection)) {
    const list = Array.isArray(fm.schemas) ? fm.schemas : [];
    if (list.length > 0) {
      list.forEach((entry, i) => {
        const item = (entry ?? {}) as Record<string, unknown>;
        const key = ['file', 'path', 'ref'].find((k) => typeof item[k] === 'string');
        if (key) refs.push(schemaRef('payload', item[key] as string, ['schemas', i, key], item.default === true));
      });
    } else if (typeof fm.schemaPath === 'string') {
      refs.push(schemaRef('payload', fm.schemaPath, ['schemaPath'], true));
    }
    if (typeof fm['x-response-schema'] === 'string') {
      refs.push(schemaRef('response', fm['x-response-schema'], ['x-response-schema'], true));
    }
  }
  const specs = fm.specifications;
  if (Array.isArray(specs)) {
    specs.forEach((entry, i) => {
      const item = (entry ?? {}) as Record<string, unknown>;
      const type = item.type as SpecType;
      if (SPEC_TYPES.includes(type) && typeof item.path === 'string') {
        refs.push(specRef(type, item.path, ['specifications', i, 'path'], typeof item.name === 'string' ? item.name : undefined));
      }
    });
  } else if (specs && typeof specs === 'object') {
    for (const type of SPEC_TYPES) {
      const value = (specs as Record<string, unknown>)[`${type}Path`];
      if (typeof value === 'string') refs.push(specRef(type, value, ['specifications', `${type}Path`], undefined));
    }
  }
  return refs;
}

function schemaRef(role: RefRole, value: string, path: (string | number)[], isDefault: boolean): FileRef {
  return { kind: 'schema', role, specType: 'asyncapi', value, path, field: display(path), isDefault, name: undefined };
}

function specRef(specType: SpecType, value: string, path: (string | number)[], name: string | undefined): FileRef {
  return { kind: 'spec', role: 'spec', specType, value, path, field: display(path), isDefault: false, name };
}

export function display(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
