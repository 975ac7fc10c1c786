/**
 * `catwire inspect [dir]`: the resolved model as a service sees it — each latest service's
 * sends and receives with kind, resolved version and channels.
 */
import { analyzeCatalog, count, hasErrors, type ChannelUse, type MessageUse, type Service } from '../../generators/index.js';
import { catalogDir } from '../catalog-dir.js';
import type { Io } from '../io.js';

export interface InspectOptions {
  readonly format: 'text' | 'json';
}

export async function inspect(dir: string | undefined, options: InspectOptions, io: Io): Promise<number> {
  const root = catalogDir(dir, io.cwd);
  const { model, diagnostics } = await analyzeCatalog(root);
  const services = model.services.filter((s) => s.latest).map(describeService);
  if (options.format === 'json') io.out(`${JSON.stringify({ services }, null, 2)}\n`);
  else io.out(renderTable(services));
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
