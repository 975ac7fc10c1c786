/**
 * The copy of a message schema that json-schema-to-typescript compiles. That generator prints
 * some schema text as code, not data, so what it is given is cut down to what prints safely:
 *
 * - `tsType` and `tsEnumNames` (pasted verbatim as a type and as enum member names) are
 *   dropped; the model warns about them (CW046).
 * - `minItems`/`maxItems` that are not counts are dropped: the generator appends them to the
 *   doc comment after it has escaped `*​/`, so text there could close the comment.
 * - `patternProperties` keys go into a comment whose escaping covers only the first `*​/`.
 * - descriptions lose their comment directives (`@ts-ignore` at a line start, source-map
 *   URLs), and non-string titles, descriptions and ids, which crash the generator, are dropped.
 *
 * The runtime keeps validating with the schema as written; this copy only feeds the types.
 * Deeper than the model's limit (CW049), the copy is refused: `undefined` types the message
 * as a plain object.
 */
import { commentText } from '../../templates/text.js';
import { MAX_SCHEMA_DEPTH, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE } from '../model/schema-safety.js';

const DROPPED = new Set(['tsType', 'tsEnumNames']);
export const HAS_OWN_PROPERTY_PLACEHOLDER = 'catwireKeyHasOwnProperty';
/** Keywords json-schema-to-typescript reads with a fixed shape; any other shape crashes it or prints garbage. */
const SHAPES: Readonly<Record<string, (v: unknown) => boolean>> = {
  title: (v) => typeof v === 'string',
  description: (v) => typeof v === 'string',
  $id: (v) => typeof v === 'string',
  id: (v) => typeof v === 'string',
  $ref: (v) => typeof v === 'string',
  minItems: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  maxItems: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  required: (v) => Array.isArray(v) || typeof v === 'boolean',
  enum: (v) => Array.isArray(v),
  type: (v) => typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string')),
  properties: isPlainObject,
  patternProperties: isPlainObject,
  definitions: isPlainObject,
  $defs: isPlainObject,
  allOf: Array.isArray,
  anyOf: Array.isArray,
  oneOf: Array.isArray,
  items: (v) => Array.isArray(v) || isPlainObject(v) || typeof v === 'boolean',
  additionalProperties: (v) => isPlainObject(v) || typeof v === 'boolean',
  additionalItems: (v) => isPlainObject(v) || typeof v === 'boolean',
};

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The schema as json-schema-to-typescript may see it, or undefined when it is nested too deep to compile. */
export function schemaForTypes(schema: unknown): unknown {
  try {
    return copy(schema, 0, 'schema');
  } catch (error) {
    if (error instanceof TooDeep) return undefined;
    throw error;
  }
}

class TooDeep extends Error {}

/** What a value is: a schema, a map of schemas by name (patterns for `patternProperties`), or data. */
type Position = 'schema' | 'map' | 'patterns' | 'data';

function copy(value: unknown, depth: number, position: Position): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_SCHEMA_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1, position === 'schema' ? 'schema' : 'data'));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    let name = key;
    let child: unknown;
    if (position === 'map' || position === 'patterns') {
      // A pattern only reaches a comment (no type is printed for it).
      if (position === 'patterns') name = commentText(key);
      child = copy(v, depth + 1, 'schema');
    } else {
      if (DROPPED.has(key)) continue;
      if (position === 'schema' && SHAPES[key] && !SHAPES[key](v)) continue;
      child =
        key === 'description' && typeof v === 'string'
          ? commentText(v)
          : copy(v, depth + 1, position !== 'schema' ? 'data' : key === 'patternProperties' ? 'patterns' : SCHEMA_MAPS.has(key) ? 'map' : SCHEMA_ONE.has(key) || SCHEMA_LISTS.has(key) ? 'schema' : 'data');
    }
    // json-schema-to-typescript calls `hasOwnProperty` on every object it walks: an own key of
    // that name would shadow the method and crash it, so it travels under a placeholder that
    // nameDeclarations turns back into the name.
    if (name === 'hasOwnProperty') name = HAS_OWN_PROPERTY_PLACEHOLDER;
    // defineProperty, not assignment: a `__proto__` key stays a property.
    Object.defineProperty(out, name, { value: child, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
