/**
 * Breaking changes between a base catalog (e.g. the pull request's target branch) and the
 * head: every message whose latest schema changed is classified by role — an event (and a
 * query's reply) is written by its owner and read by consumers, a command or query request is
 * read by its owner and written by producers — and must announce itself with the version bump
 * its impact needs. Each finding names the services on the other side (the blast radius).
 */
import semver from 'semver';
import { diffSchemas, overallImpact, requiredBump, type Role, type SchemaChange } from '../compat/index.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { CatalogModel, Message, SchemaAttachment, Service } from '../model/types.js';

const BUMP_ORDER = ['none', 'patch', 'minor', 'major'] as const;
type Bump = (typeof BUMP_ORDER)[number];

export function breakingChanges(base: CatalogModel, head: CatalogModel): Diagnostic[] {
  const found: Diagnostic[] = [];
  const latest = (model: CatalogModel) => new Map(model.messages.filter((m) => m.latest).map((m) => [m.id, m]));
  const before = latest(base);
  const services = head.services.filter((s) => s.latest);
  for (const [id, now] of latest(head)) {
    const then = before.get(id);
    if (!then) continue;
    // The other side: receivers of an event; senders of a command or query (they write the
    // request and read the reply).
    const otherSide = now.kind === 'event' ? 'receives' : 'sends';
    const parts: { role: Role; label: string; changes: SchemaChange[] }[] = [
      { role: now.kind === 'event' ? 'publisher' : 'receiver', label: now.kind === 'event' ? 'payload' : 'request', changes: changesOf(then.schema, now.schema) },
    ];
    if (now.kind === 'query') parts.push({ role: 'publisher', label: 'reply', changes: changesOf(then.responseSchema, now.responseSchema) });
    for (const part of parts) {
      const impact = overallImpact(part.changes, part.role);
      if (impact === 'none') continue;
      const needed: Bump = impact === 'breaking' && !semver.valid(then.version) ? 'major' : requiredBump(impact, then.version);
      const made = bumpBetween(then.version, now.version);
      if (BUMP_ORDER.indexOf(made) >= BUMP_ORDER.indexOf(needed)) continue;
      const breaking = part.changes.filter((c) => (part.role === 'publisher' ? c.effect === 'widening' : c.effect === 'narrowing') || c.effect === 'both');
      const shown = impact === 'breaking' ? breaking : part.changes.filter((c) => c.effect !== 'none');
      found.push(
        diagnostic(impact === 'breaking' ? 'breaking-change' : 'version-bump-missing', {
          file: now.file,
          field: 'version',
          message:
            `the ${part.label} schema of ${now.kind} "${id}" changed (${shown.map((c) => `${c.pointer || '/'}: ${c.message}`).join('; ')}); ` +
            `${impact === 'breaking' ? `this breaks ${part.role === 'publisher' ? 'its consumers' : 'its producers'}` : 'the change is additive'}` +
            `${blastRadius(now, otherSide, services)}, but the version went from ${then.version} to ${now.version} (${made === 'none' ? 'unchanged' : `a ${made} bump`})`,
          fix:
            impact === 'breaking'
              ? `Release it as a ${needed} version (${suggest(then.version, needed)}) and keep ${then.version} in versioned/${then.version}/ while ${part.role === 'publisher' ? 'consumers' : 'producers'} move`
              : `Release it as a ${needed} version (${suggest(then.version, needed)})`,
        }),
      );
    }
  }
  return found;
}

function changesOf(before: SchemaAttachment | undefined, after: SchemaAttachment | undefined): SchemaChange[] {
  if (!before && !after) return [];
  return diffSchemas(before?.content, after?.content);
}

function bumpBetween(from: string, to: string): Bump {
  if (!semver.valid(from) || !semver.valid(to) || !semver.gt(to, from)) return 'none';
  const diff = semver.diff(from, to);
  if (diff === 'major' || diff === 'premajor') return 'major';
  if (diff === 'minor' || diff === 'preminor') return 'minor';
  return 'patch';
}

function suggest(version: string, bump: Bump): string {
  if (bump === 'none' || !semver.valid(version)) return version;
  return semver.inc(version, bump) ?? version;
}

/** The services on the other side of the message: the blast radius of a change. */
function blastRadius(message: Message, side: 'sends' | 'receives', services: readonly Service[]): string {
  const affected = services.filter((s) => s[side].some((u) => u.target?.id === message.id)).map((s) => s.id);
  if (affected.length === 0) return '';
  return ` (affected: ${affected.join(', ')})`;
}
