/**
 * What an error touches, so that `generate --partial` leaves it out. An error belongs to the
 * resource whose folder holds its file (the index.mdx itself, or a schema, spec or example beside
 * it). A message version is touched by its own errors, a message id by an error of a channel that
 * carries it or by CW012 (receiver-count); a service is touched when it is, or when a message it
 * sends or receives is.
 *
 * Two kinds of error touch nothing here. CW013 (major-mismatch): each service's code is right for
 * what the catalog says of it, and the pair that never meets is what its generated contract test
 * reports at once. A channel route that leads nowhere (an error under `routes`): it joins no
 * channel, so no message travels differently for it.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Channel, MessageUse, ResourceBase, Service } from './types.js';

const RELATIONAL: ReadonlySet<string> = new Set(['major-mismatch']);

export interface Touched {
  /** Why the service is touched (the first error's file and code), or undefined. */
  service(service: Service): string | undefined;
}

export function touchedByErrors(diagnostics: readonly Diagnostic[], resources: readonly ResourceBase[], services: readonly Service[]): Touched {
  const errors = diagnostics.filter((d) => d.severity === 'error' && !RELATIONAL.has(d.kind) && !d.field?.startsWith('routes['));
  const byDir = new Map<string, ResourceBase[]>();
  for (const r of resources) byDir.set(r.dir, [...(byDir.get(r.dir) ?? []), r]);
  const reason = new Map<ResourceBase, string>();
  for (const d of errors) {
    for (const owner of ownersOf(d.file, byDir)) if (!reason.has(owner)) reason.set(owner, `${d.code} in ${d.file}`);
  }
  if (reason.size === 0) return { service: () => undefined };

  // A message version is touched by its own errors; a message id by a channel named for it
  // anywhere and by a receiver-count error (which is about the id, on its latest file).
  const idReason = new Map<string, string>();
  const touchId = (id: string, why: string | undefined) => {
    if (why && !idReason.has(id)) idReason.set(id, why);
  };
  for (const d of errors) {
    if (d.kind !== 'receiver-count') continue;
    for (const owner of ownersOf(d.file, byDir)) touchId(owner.id, reason.get(owner));
  }
  for (const s of services) {
    for (const use of [...s.sends, ...s.receives]) {
      for (const c of [...use.channels, ...(use.target?.channels ?? [])]) touchId(use.id, c.target && reason.get(c.target as Channel));
    }
  }
  const useReason = (use: MessageUse) => (use.target && reason.get(use.target)) ?? idReason.get(use.id);
  return {
    service: (s) => reason.get(s) ?? [...s.sends, ...s.receives].map(useReason).find((why) => why !== undefined),
  };
}

/** The resources in the folder holding `file`, or in the nearest folder above it that has any. */
function ownersOf(file: string, byDir: ReadonlyMap<string, readonly ResourceBase[]>): readonly ResourceBase[] {
  const exact = [...(byDir.get(dirOf(file)) ?? [])].filter((r) => r.file === file);
  if (exact.length > 0) return exact;
  for (let dir = dirOf(file); ; dir = dirOf(dir)) {
    const found = byDir.get(dir);
    // The catalog root holds teams and users, not owners of stray files.
    if (found && dir !== '') return found;
    if (dir === '') return [];
  }
}

function dirOf(file: string): string {
  const at = file.lastIndexOf('/');
  return at < 0 ? '' : file.slice(0, at);
}
