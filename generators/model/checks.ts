/**
 * Catalog-wide rules that need the whole resolved graph: owners exist, every command and
 * query has exactly one receiving service, and `latest` is where EventCatalog's tools agree.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { LoadedResource } from '../load/types.js';
import type { Message, Person, ResourceBase, Service } from './types.js';
import { namespaceOf, type VersionIndex } from './versions.js';

/** Line of a frontmatter path in a resource file. */
export type FileLines = (file: string, path: readonly (string | number)[]) => number | undefined;

export function checkOwners(
  entries: readonly { readonly loaded: LoadedResource; readonly base: Omit<ResourceBase, 'latest'> }[],
  people: readonly Person[],
  diagnostics: Diagnostic[],
): void {
  const known = new Set(people.map((p) => p.id));
  for (const { loaded, base } of entries) {
    base.owners.forEach((owner, i) => {
      if (known.has(owner)) return;
      diagnostics.push(
        diagnostic('unknown-owner', {
          file: base.file,
          line: loaded.lineOf(['owners', i]),
          field: `owners[${i}]`,
          message: `owner "${owner}" is neither a team nor a user`,
          fix: `Add teams/${owner}.mdx or users/${owner}.mdx, or name an existing team or user`,
        }),
      );
    });
  }
}

/** Commands go point to point and queries are answered once: both need exactly one receiver. */
export function checkReceivers(services: readonly Service[], messages: VersionIndex<Message>, lineOf: FileLines, diagnostics: Diagnostic[]): void {
  const receivers = new Map<string, Set<string>>();
  for (const service of services) {
    if (!service.latest) continue;
    for (const use of service.receives) {
      if (!use.target) continue;
      const set = receivers.get(use.target.id) ?? new Set();
      set.add(service.id);
      receivers.set(use.target.id, set);
    }
  }
  for (const id of messages.ids()) {
    const latest = messages.latest(id);
    if (!latest || latest.kind === 'event') continue;
    const names = [...(receivers.get(id) ?? [])].sort();
    if (names.length === 1) continue;
    diagnostics.push(
      diagnostic('receiver-count', {
        file: latest.file,
        line: lineOf(latest.file, ['id']),
        field: 'id',
        message:
          names.length === 0
            ? `${latest.kind} "${id}" is received by no service`
            : `${latest.kind} "${id}" is received by ${names.length} services (${names.join(', ')})`,
        fix:
          names.length === 0
            ? `Add it to the receives of the one service that handles it`
            : `Keep it in the receives of exactly one service; a ${latest.kind} goes point to point`,
      }),
    );
  }
}

/** EventCatalog core takes the highest version as latest, its SDK takes the root file: warn when they differ. */
export function checkRootIsLatest(
  items: readonly ResourceBase[],
  indexes: ReadonlyMap<string, VersionIndex<ResourceBase>>,
  lineOf: FileLines,
  diagnostics: Diagnostic[],
): void {
  for (const item of items) {
    if (item.versioned || item.latest) continue;
    const index = indexes.get(namespaceOf(item.collection));
    const latest = index?.latest(item.id);
    if (!latest?.versioned) continue;
    diagnostics.push(
      diagnostic('latest-outside-root', {
        file: item.file,
        line: lineOf(item.file, ['version']),
        field: 'version',
        message: `the newest version of "${item.id}" is ${latest.version} in ${latest.file}, not this root file's ${item.version}; EventCatalog core and its SDK disagree on "latest" here`,
        fix: `Move version ${latest.version} to the root folder and this file to versioned/${item.version}/`,
      }),
    );
  }
}
