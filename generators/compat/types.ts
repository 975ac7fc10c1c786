/**
 * The public shapes of the compatibility classifier. A change is described once, by its effect
 * on the set of valid instances; what it means for a service depends on whether the service
 * writes the schema or reads it (its role), which `impactOf` decides.
 */
import type { ChangeCode, ChangeEffect } from './codes.js';

export interface SchemaChange {
  /**
   * JSON pointer into the HEAD schema (or base, for removals), read as if every local `$ref` were
   * inlined and every mergeable `allOf` member folded into its parent, e.g.
   * "/properties/items/items/properties/qty". Keyword-level changes end in the keyword
   * ("/properties/qty/maximum"); property-level ones at the property.
   */
  readonly pointer: string;
  readonly code: ChangeCode;
  /** Outside `not`, fixed per code except where CODE_EFFECTS says 'depends'; inside `not`, inverted. */
  readonly effect: ChangeEffect;
  /** One sentence for humans: `property "lines[].qty" became required`. */
  readonly message: string;
}

/**
 * publisher: the owning service writes messages of this schema (a published event, a query reply);
 * receiver: it reads them (a received command, a query request).
 */
export type Role = 'publisher' | 'receiver';

/** breaking: needs a major bump; additive: a minor one; patch: at most a patch. */
export type Impact = 'breaking' | 'additive' | 'patch';

export type Bump = 'major' | 'minor' | 'patch' | 'none';
