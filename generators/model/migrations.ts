/**
 * Versions in flight: which major mismatches (checks.ts) are a breaking change that generated
 * code can bridge, and which stay errors (CW013).
 *
 * The owner of a message's schema moves first. An event's senders own it: while a receiver pins
 * an older major, each sender on the newer one also publishes the older major through a
 * downcaster. A command's or query's receiver owns it: while a sender pins an older major, the
 * receiver also binds it and upcasts to the current type (a query's reply is downcast back).
 * The other way round — a receiver of an event ahead of its senders, a sender of a command
 * ahead of its receiver — no caster can serve, and CW013 stays an error.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { display } from '../load/refs.js';
import { deriveCaster } from './casters.js';
import type { FileLines } from './checks.js';
import { fileName, identifier, idWords } from './naming.js';
import type { CasterPlan, MajorMismatch, Message, Migration, MigrationOldMajor, MigrationPin, Service, VersionedUse } from './types.js';
import { compareVersionsDesc } from './versions.js';

export interface MigrationResult {
  readonly migrations: Migration[];
  /** The mismatches no migration bridges: still CW013. */
  readonly unbridged: MajorMismatch[];
}

const byId = <T extends { readonly id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The casters of the handlers folder, as the command that read it (generate, check) sees them:
 * the model itself reads no folder but the catalog.
 */
export interface CasterFiles {
  /** The handlers folder, relative to the project (as the reports name it). */
  readonly dir: string;
  /** Whether the caster's file there is written by a person (not the generated stub). */
  readonly written: (caster: CasterPlan) => boolean;
}

export function planMigrations(mismatches: readonly MajorMismatch[], lineOf: FileLines, diagnostics: Diagnostic[], casters?: CasterFiles): MigrationResult {
  const unbridged: MajorMismatch[] = [];
  // message id @ current version → owners and pins of each old version
  const open = new Map<string, { current: Message; owners: Map<string, Service>; old: Map<number, { message: Message; pins: Map<string, MigrationPin> }> }>();
  const bridge = (owner: VersionedUse, pinned: VersionedUse) => {
    const k = `${owner.message.id}@${owner.message.version}`;
    let entry = open.get(k);
    if (!entry) open.set(k, (entry = { current: owner.message, owners: new Map(), old: new Map() }));
    entry.owners.set(owner.service.id, owner.service);
    let old = entry.old.get(pinned.major);
    if (!old) entry.old.set(pinned.major, (old = { message: pinned.message, pins: new Map() }));
    // Several minors of one major pinned: the highest is what the bridge publishes or accepts.
    if (compareVersionsDesc(pinned.message.version, old.message.version) < 0) old.message = pinned.message;
    old.pins.set(pinned.service.id, pinOf(pinned, lineOf));
  };
  for (const m of mismatches) {
    const event = m.kind === 'event';
    // An event's receiver behind its sender, or a command's sender behind its receiver.
    const behind = (s: VersionedUse) => (event ? s.major > m.receiver.major : s.major < m.receiver.major);
    for (const s of m.senders.filter(behind)) {
      if (event) bridge(s, m.receiver);
      else bridge(m.receiver, s);
    }
    const rest = m.senders.filter((s) => !behind(s));
    if (rest.length > 0) unbridged.push({ ...m, senders: rest });
  }
  const migrations = [...open.values()]
    .map(({ current, owners, old }): Migration => {
      const ownerList = [...owners.values()].sort(byId);
      return {
        messageId: current.id,
        kind: current.kind,
        current,
        major: majorOf(current.version),
        owners: ownerList,
        old: [...old.entries()]
          .sort(([a], [b]) => a - b)
          .map(([major, o]): MigrationOldMajor => ({
            message: o.message,
            major,
            pins: [...o.pins.values()].sort((a, b) => byId(a.service, b.service)),
            caster: casterOf(current, o.message, 'payload'),
            replyCaster: current.kind === 'query' ? casterOf(current, o.message, 'reply') : undefined,
            ...(current.kind === 'event' ? { recordCaster: casterOf(current, o.message, 'record') } : {}),
          })),
      };
    })
    .sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : compareVersionsDesc(b.current.version, a.current.version)));
  for (const migration of migrations) for (const old of migration.old) for (const pin of old.pins) diagnostics.push(inFlight(migration, old, pin, casters));
  return { migrations, unbridged };
}

const majorOf = (version: string) => Number(version.split('.')[0]);

function pinOf(v: VersionedUse, lineOf: FileLines): MigrationPin {
  const path = [...v.use.path, v.use.version === 'latest' ? 'id' : 'version'];
  return { service: v.service, use: v.use, file: v.service.file, field: display(path), line: lineOf(v.service.file, path) };
}

/**
 * Events and replies go down (newer → older); commands and query requests come up (older →
 * newer). `record`: an event's old-major record (an outbox row) comes up, when a project has one.
 */
function casterOf(current: Message, old: Message, which: 'payload' | 'reply' | 'record'): CasterPlan {
  const part = which === 'reply' ? 'reply' : 'payload';
  const direction = which === 'record' ? 'upcast' : current.kind === 'event' || part === 'reply' ? 'downcast' : 'upcast';
  const [from, to] = direction === 'downcast' ? [current, old] : [old, current];
  const schemaOf = (m: Message) => (part === 'reply' ? m.responseSchema : m.schema);
  const label = (m: Message) => `${m.id}@${m.version}${part === 'reply' ? ' (reply)' : ''}`;
  const derivation = deriveCaster(schemaOf(from), schemaOf(to), direction === 'downcast' ? 'source' : 'target', { source: label(from), target: label(to) });
  const majors = `v${majorOf(from.version)} to v${majorOf(to.version)}`;
  const words = `${idWords(current.id, 'message')}${part === 'reply' ? ' reply' : ''} ${majors}`;
  return {
    direction,
    from,
    to,
    part,
    derivation,
    functionName: identifier(`${direction} ${words}`, 'camel', direction),
    module: `casters/${fileName(words, 'caster')}`,
    owner: derivation.derivable ? 'generated' : 'user',
    ...(which === 'record' ? { optional: true as const } : {}),
  };
}

/** How a caster is made, for the reports: generated, or the file a person fills (whose written file wins). */
export function casterState(caster: CasterPlan, casters?: CasterFiles): string {
  const file = `${casters?.dir ?? 'handlers'}/${caster.module}.ts`;
  const derivable = caster.owner === 'generated' || caster.derivation.derivable;
  if (derivable) return casters?.written(caster) ? `written in ${file}, used instead of the one catwire derives` : 'generated';
  return `user-written in ${file}, since ${caster.derivation.reason}`;
}

function inFlight(m: Migration, old: MigrationOldMajor, pin: MigrationPin, casters: CasterFiles | undefined): Diagnostic {
  const owners = m.owners.map((o) => o.id).join(', ');
  const who = pin.service.id;
  const event = m.kind === 'event';
  const what = event
    ? `${who} receives event "${m.messageId}" at ${old.message.version} (major ${old.major}) while ${owners} ${m.owners.length === 1 ? 'sends' : 'send'} ${m.current.version} (major ${m.major})`
    : `${who} sends ${m.kind} "${m.messageId}" at ${old.message.version} (major ${old.major}) while its receiver ${owners} takes ${m.current.version} (major ${m.major})`;
  const bridge = event
    ? `${owners} also ${m.owners.length === 1 ? 'publishes' : 'publish'} major ${old.major} through a downcaster (${casterState(old.caster, casters)})`
    : `${owners} also receives major ${old.major} through an upcaster (${casterState(old.caster, casters)})${old.replyCaster ? ` and downcasts the reply (${casterState(old.replyCaster, casters)})` : ''}`;
  return diagnostic('migration-in-progress', {
    file: pin.file,
    line: pin.line,
    field: pin.field,
    message: `${what}: ${bridge} until ${who} moves`,
    fix: `Move ${who} to major ${m.major} (version: ${m.major}.x) when it is ready; the next generate then drops the bridge`,
  });
}
