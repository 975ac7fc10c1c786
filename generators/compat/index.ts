/**
 * Schema compatibility for `catwire check --base`: what changed between two versions of a message
 * schema (diffSchemas), what each change does to the set of valid messages (its effect), and what
 * that means for the owning service's counterparts in its role (impactOf, overallImpact) and for
 * the version it must announce (requiredBump). Pure: no I/O, no git.
 */
export { diffSchemas } from './diff.js';
export { impactOf, overallImpact, requiredBump } from './impact.js';
export { CODE_EFFECTS } from './codes.js';
export type { BoundMove, BoundName, ChangeCode, ChangeEffect, CompositionName } from './codes.js';
export type { Bump, Impact, Role, SchemaChange } from './types.js';
