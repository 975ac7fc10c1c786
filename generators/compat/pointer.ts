/**
 * JSON pointers: building the pointers changes are reported at, resolving local `$ref`s, and
 * turning a pointer into the short path humans read in messages ("lines[].qty").
 */
import { isObject } from './json.js';

/** `base` extended by escaped segments (RFC 6901: "~" → "~0", "/" → "~1"). */
export function at(base: string, ...segments: readonly (string | number)[]): string {
  return segments.reduce<string>((p, s) => `${p}/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`, base);
}

function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * The target of a local ref ("#", "#/definitions/A", "#/$defs/A", any "#/..." pointer), or
 * undefined when the ref is external, an anchor, or points nowhere: those are compared as strings.
 */
export function resolveLocalRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  let node: unknown = doc;
  for (const segment of segmentsOf(fragment)) {
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(segment)) node = node[Number(segment)];
    else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/**
 * The instance path a schema pointer describes, for messages: properties by name joined with
 * dots, `[]` for array items, `[2]` for a tuple position, `.*` for additional properties.
 * Composition branches keep their keyword so a reader can find them.
 */
export function instancePath(pointer: string): string {
  const parts = segmentsOf(pointer);
  let path = '';
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i] ?? '';
    const next = parts[i + 1];
    if ((key === 'properties' || key === 'patternProperties') && next !== undefined) {
      path += `${path ? '.' : ''}${key === 'properties' ? next : `/${next}/`}`;
      i++;
    } else if ((key === 'items' || key === 'prefixItems') && next !== undefined && /^\d+$/.test(next)) {
      path += `[${next}]`;
      i++;
    } else if (key === 'items' || key === 'additionalItems') path += '[]';
    else if (key === 'additionalProperties') path += `${path ? '.' : ''}*`;
    else if ((key === 'oneOf' || key === 'anyOf' || key === 'allOf') && next !== undefined) {
      path += `(${key} ${next})`;
      i++;
    } else path += `(${key})`;
  }
  return path;
}

/** How a message names the schema at `pointer`: `"lines[].qty"`, or "the message" at the root. */
export function label(pointer: string): string {
  if (pointer.endsWith('/propertyNames')) return `the property names of ${label(pointer.slice(0, -'/propertyNames'.length))}`;
  const path = instancePath(pointer);
  return path === '' ? 'the message' : `"${path}"`;
}

/** "a oneOf", "an anyOf". */
export function article(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
