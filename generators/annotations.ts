/**
 * The keywords catwire itself puts in a JSON Schema, declared once. Each is an annotation: it
 * never changes which instances are valid, so an ajv that knows them validates exactly as one
 * that ignores them (`strict: false`), and a strict one (the catalog's own example test) accepts
 * them instead of refusing the schema.
 *
 * `x-catwire-name` is not among them: it is a key of a message's frontmatter, not of its schema
 * (generators/model/plan.ts).
 */
import type { KeywordDefinition } from 'ajv';

/** On a property of a message's newer major: the name the property had in the older one (docs/versions.md). */
export const RENAMED_FROM = 'x-catwire-renamed-from';

/** The whole document a spec parser gets for a `$ref` the loader refused to read: why it was not read (generators/load/confine-resolvers.ts). */
export const NOT_READ = 'x-catwire-not-read';

/** Every catwire keyword a schema may carry. */
export const CATWIRE_SCHEMA_KEYWORDS: readonly string[] = [RENAMED_FROM, NOT_READ];

/** Declares catwire's schema keywords to an ajv instance (any draft); returns it. */
export function addCatwireKeywords<A extends { addKeyword(definition: KeywordDefinition): unknown }>(ajv: A): A {
  for (const keyword of CATWIRE_SCHEMA_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}
