/**
 * `catwire inspect [dir]`: the resolved model as a service sees it — each latest service's
 * sends and receives with kind, resolved version and channels.
 */
import { existsSync } from 'node:fs';
import { casterFileState } from '../../generators/check/versions.js';
import { analyzeCatalog, count, hasErrors, type CasterPlan, type ChannelUse, type MessageUse, type Migration, type Service } from '../../generators/index.js';
import { catalogDir } from '../catalog-dir.js';
import { resolveConfig } from '../config.js';
import type { Io } from '../io.js';
import { relativePosix } from '../paths.js';
import { readTree } from '../tree.js';

export interface InspectOptions {
  readonly format: 'text' | 'json';
}

export async function inspect(dir: string | undefined, options: InspectOptions, io: Io): Promise<number> {
  const root = catalogDir(dir, io.cwd);
  const { model, diagnostics } = await analyzeCatalog(root);
  const services = model.services.filter((s) => s.latest).map(describeService);
  const migrations = model.migrations.map((m) => describeMigration(m, casterReader(io)));
  if (options.format === 'json') io.out(`${JSON.stringify({ services, migrations }, null, 2)}\n`);
  else io.out(renderTable(services) + renderMigrations(migrations));
  if (hasErrors(diagnostics)) {
    io.err(`note: the catalog has ${count(diagnostics.filter((d) => d.severity === 'error').length, 'error')}; unresolved pointers are shown without a version (run catwire validate)\n`);
  }
  return 0;
}

type Described = ReturnType<typeof describeService>;

function describeService(service: Service) {
  return {
    id: service.id,
    name: service.name,
    version: service.version,
    file: service.file,
    sends: service.sends.map(describeUse),
    receives: service.receives.map(describeUse),
  };
}

function describeUse(use: MessageUse) {
  return {
    id: use.id,
    kind: use.target?.kind ?? null,
    requested: use.version,
    version: use.target?.version ?? null,
    channels: use.channels.map(describeChannel),
  };
}

function describeChannel(use: ChannelUse) {
  return { id: use.id, version: use.target?.version ?? null, address: use.target?.address ?? null, parameters: use.parameters };
}

/** How a caster is made; a user-written one is looked up in the project's handlers folder. */
type CasterReader = (c: CasterPlan) => string;

function casterReader(io: Io): CasterReader {
  let handlers: { dir: string; files: ReadonlyMap<string, string> } | undefined;
  try {
    const config = resolveConfig({}, io.cwd);
    const dir = relativePosix(io.cwd, config.handlers);
    handlers = { dir, files: existsSync(config.handlers) ? readTree(config.handlers) : new Map() };
  } catch {
    // No readable project configuration: the file is named, its state is not known.
  }
  return (c) => {
    const dir = handlers?.dir ?? 'handlers';
    const state = handlers ? casterFileState(c, dir, handlers.files) : undefined;
    // A written file wins over a derivation: said so, since deleting it would switch to the generated one.
    if (c.owner === 'generated') return state === 'written' ? `user-written, ${dir}/${c.module}.ts (written; catwire could now generate it)` : 'generated';
    if (c.optional && state !== 'written') return `not written, ${dir}/${c.module}.ts (needed only to publish records of ${c.from.version} kept across the upgrade, such as outbox rows)`;
    const shown = { missing: 'not created yet', stub: 'still the stub', written: 'written' } as const;
    return `user-written, ${dir}/${c.module}.ts${state ? ` (${shown[state]})` : ''}`;
  };
}

function describeMigration(m: Migration, caster: CasterReader) {
  return {
    message: m.messageId,
    kind: m.kind,
    current: m.current.version,
    owners: m.owners.map((o) => o.id),
    old: m.old.map((o) => ({
      version: o.message.version,
      major: o.major,
      pins: o.pins.map((p) => ({ service: p.service.id, file: p.file, field: p.field })),
      caster: { direction: o.caster.direction, function: o.caster.functionName, state: caster(o.caster) },
      replyCaster: o.replyCaster ? { direction: o.replyCaster.direction, function: o.replyCaster.functionName, state: caster(o.replyCaster) } : null,
      recordCaster: o.recordCaster ? { direction: o.recordCaster.direction, function: o.recordCaster.functionName, state: caster(o.recordCaster) } : null,
    })),
  };
}

function renderMigrations(migrations: readonly ReturnType<typeof describeMigration>[]): string {
  if (migrations.length === 0) return '';
  const out = ['Versions in flight'];
  for (const m of migrations) {
    for (const o of m.old) {
      out.push(`  ${m.kind} ${m.message}: ${m.owners.join(', ')} on ${m.current}, major ${o.major} (${o.version}) still pinned by ${o.pins.map((p) => `${p.service} (${p.file} ${p.field})`).join(', ')}`);
      out.push(`    ${o.caster.direction}er ${o.caster.function}: ${o.caster.state}`);
      if (o.replyCaster) out.push(`    reply ${o.replyCaster.direction}er ${o.replyCaster.function}: ${o.replyCaster.state}`);
      if (o.recordCaster) out.push(`    record ${o.recordCaster.direction}er ${o.recordCaster.function}: ${o.recordCaster.state}`);
    }
  }
  return `${out.join('\n')}\n\n`;
}

function renderTable(services: readonly Described[]): string {
  const out: string[] = [];
  for (const s of services) {
    out.push(`${s.name} (${s.id}@${s.version})`);
    const rows = [
      ...s.sends.map((m) => ['sends', m] as const),
      ...s.receives.map((m) => ['receives', m] as const),
    ].map(([direction, m]) => [
      `  ${direction}`,
      m.kind ?? '?',
      m.id,
      m.version ?? `unresolved (${m.requested})`,
      m.requested === m.version || m.requested === 'latest' ? '' : `(${m.requested})`,
      m.channels.map((c) => c.address ?? c.id).join(', '),
    ]);
    out.push(...alignColumns(rows));
    if (rows.length === 0) out.push('  (sends and receives nothing)');
    out.push('');
  }
  return `${out.join('\n')}`;
}

function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}
