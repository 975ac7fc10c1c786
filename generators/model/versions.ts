/**
 * Version resolution with EventCatalog core's semantics (`findInMap` in core's
 * utils/collections/util.ts): `latest` or no version is the highest semver across every file
 * with that id, versioned/ folders included; an exact string matches exactly; any other valid
 * semver range (`1.x`, `^1.0.0`, `~1.2.0`, `>1.0.0`) resolves to the highest satisfying version.
 */
import semver from 'semver';

export type Resolution<T> =
  | { readonly ok: true; readonly target: T }
  | { readonly ok: false; readonly reason: 'unknown-id'; readonly candidates: readonly string[] }
  | { readonly ok: false; readonly reason: 'no-version'; readonly available: readonly string[] };

interface Versioned {
  readonly id: string;
  readonly version: string;
}

export class VersionIndex<T extends Versioned> {
  private readonly byId = new Map<string, T[]>();

  add(item: T): void {
    const list = this.byId.get(item.id) ?? [];
    list.push(item);
    list.sort((a, b) => compareVersionsDesc(a.version, b.version));
    this.byId.set(item.id, list);
  }

  has(id: string, version: string): boolean {
    return (this.byId.get(id) ?? []).some((item) => item.version === version);
  }

  /** All versions of `id`, newest first. */
  versions(id: string): readonly T[] {
    return this.byId.get(id) ?? [];
  }

  latest(id: string): T | undefined {
    return this.byId.get(id)?.[0];
  }

  ids(): readonly string[] {
    return [...this.byId.keys()];
  }

  resolve(id: string, version: string | undefined): Resolution<T> {
    const list = this.byId.get(id);
    if (!list || list.length === 0) return { ok: false, reason: 'unknown-id', candidates: this.ids() };
    const wanted = version === undefined || version === '' ? 'latest' : version;
    if (wanted === 'latest') return { ok: true, target: list[0] as T };
    const exact = list.find((item) => item.version === wanted);
    if (exact) return { ok: true, target: exact };
    if (semver.validRange(wanted)) {
      // Newest first, so the first match is the highest satisfying version.
      const match = list.find((item) => semver.valid(item.version) && semver.satisfies(item.version, wanted));
      if (match) return { ok: true, target: match };
    }
    return { ok: false, reason: 'no-version', available: list.map((item) => item.version) };
  }
}

/** Newest first; semver where both parse, coerced semver next, string order last (core's order). */
export function compareVersionsDesc(a: string, b: string): number {
  if (semver.valid(a) && semver.valid(b)) return semver.rcompare(a, b);
  const ca = semver.coerce(a);
  const cb = semver.coerce(b);
  if (ca && cb && semver.neq(ca, cb)) return semver.rcompare(ca, cb);
  return b.localeCompare(a);
}

/** Events, commands and queries share one id namespace, as in EventCatalog core's message map. */
export function namespaceOf(collection: string): string {
  return collection === 'event' || collection === 'command' || collection === 'query' ? 'message' : collection;
}
