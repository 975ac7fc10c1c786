/**
 * Catalog-wide rules that need the whole resolved graph: owners exist, every command and
 * query has exactly one receiving service, receivers and senders agree on a message's major,
 * and `latest` is where EventCatalog's tools agree.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { display } from '../load/refs.js';
import type { LoadedResource } from '../load/types.js';
import { majorOf, routingKey } from './amqp.js';
import type { MajorMismatch, Message, Person, ResourceBase, Service, VersionedUse } from './types.js';
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

/**
 * A receiver pinned to another major than its senders send never gets their messages: each major
 * travels under its own routing key (`<id>.v<major>`). Reported per receiving pointer, naming the
 * senders it will never hear from (`majorMismatch`) unless a migration bridges it (migrations.ts).
 */
export function checkMajors(services: readonly Service[]): MajorMismatch[] {
  const sides = (direction: 'sends' | 'receives') => {
    const byId = new Map<string, VersionedUse[]>();
    for (const service of services) {
      if (!service.latest) continue;
      for (const use of service[direction]) {
        if (!use.target) continue;
        const list = byId.get(use.target.id) ?? [];
        list.push({ service, use, message: use.target, major: majorOf(use.target.version) });
        byId.set(use.target.id, list);
      }
    }
    return byId;
  };
  const senders = sides('sends');
  const receivers = sides('receives');
  const keyOf = (m: Message) => routingKey(m, []);
  const mismatches: MajorMismatch[] = [];
  for (const [id, list] of [...receivers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sending = senders.get(id) ?? [];
    for (const receiver of list) {
      const key = keyOf(receiver.message);
      const others = sending.filter((s) => keyOf(s.message) !== key).sort((a, b) => (a.service.id < b.service.id ? -1 : 1));
      if (others.length === 0) continue;
      const mismatch = { messageId: id, kind: receiver.message.kind, receiver, senders: others, none: others.length === sending.length };
      mismatches.push(mismatch);
    }
  }
  return mismatches;
}

export function majorMismatch(m: MajorMismatch, lineOf: FileLines): Diagnostic {
  const { receiver, senders } = m;
  const who = receiver.service.id;
  const sends = (s: VersionedUse) => `${s.service.id} sends ${s.message.version}`;
  const names = senders.map((s) => s.service.id);
  const cause =
    m.none && senders.length === 1
      ? `its only sender, ${senders[0]?.service.id}, sends ${senders[0]?.message.version} (major ${senders[0]?.major}): ${who} will never receive it`
      : m.none
        ? `none of its senders sends major ${receiver.major} (${senders.map(sends).join(', ')}): ${who} will never receive it`
        : `${andList(senders.map(sends))}: ${who} will never receive it from ${orList(names)}`;
  const majors = [...new Set(senders.map((s) => s.major))];
  const pinned = receiver.use.version !== 'latest';
  const field = [...receiver.use.path, pinned ? 'version' : 'id'];
  return diagnostic('major-mismatch', {
    file: receiver.service.file,
    line: lineOf(receiver.service.file, field),
    field: display(field),
    message: `${who} receives ${m.kind} "${m.messageId}" at ${receiver.message.version} (major ${receiver.major}), but ${cause}`,
    fix:
      majors.length === 1
        ? `Receive major ${majors[0]} here (version: ${majors[0]}.x), or have ${orList(names)} send major ${receiver.major} as well`
        : `Receive the major its senders send, or have ${orList(names)} send major ${receiver.major} as well`,
  });
}

const andList = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const orList = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);
