/**
 * From effects to releases. Who breaks depends on who reads:
 * - publisher (the owning service writes: events, query replies): old consumers validate with the
 *   old schema, so anything the new schema admits that the old one rejected breaks them — widening.
 * - receiver (the owning service reads: commands, query requests): old senders produce what the
 *   old schema admitted, so anything the new one rejects breaks them — narrowing.
 * The opposite direction is additive (minor); annotation-only changes need a patch at most.
 */
import semver from 'semver';
import type { ChangeEffect } from './codes.js';
import type { Bump, Impact, Role, SchemaChange } from './types.js';

const BREAKS: Readonly<Record<Role, ChangeEffect>> = { publisher: 'widening', receiver: 'narrowing' };
const RANK: Readonly<Record<Impact | 'none', number>> = { none: 0, patch: 1, additive: 2, breaking: 3 };

/** What a change means for the owning service's counterparts in that role. */
export function impactOf(change: SchemaChange, role: Role): Impact {
  if (change.effect === 'none') return 'patch';
  return change.effect === 'both' || change.effect === BREAKS[role] ? 'breaking' : 'additive';
}

/** The strongest impact over a list (breaking > additive > patch); 'none' for no changes. */
export function overallImpact(changes: readonly SchemaChange[], role: Role): Impact | 'none' {
  return changes.reduce<Impact | 'none'>((worst, c) => {
    const impact = impactOf(c, role);
    return RANK[impact] > RANK[worst] ? impact : worst;
  }, 'none');
}

/**
 * The semver bump a change of that impact requires from `version`. Under semver's 0.x rule
 * ("anything may change at any time") npm's and Cargo's caret ranges treat the minor as the
 * breaking position, so a breaking change to a 0.x version needs a minor bump (0.3.1 → 0.4.0),
 * which `^0.3.1` will not pick up. Additive stays minor and annotation-only a patch at any version.
 * Throws a RangeError when a breaking change meets a version that is not semver, since the
 * answer depends on it; the catalog's own diagnostics reject such versions first.
 */
export function requiredBump(impact: Impact | 'none', version: string): Bump {
  if (impact === 'none') return 'none';
  if (impact === 'patch') return 'patch';
  if (impact === 'additive') return 'minor';
  const parsed = semver.parse(version);
  if (!parsed) throw new RangeError(`"${version}" is not a semver version (major.minor.patch)`);
  return parsed.major === 0 ? 'minor' : 'major';
}
