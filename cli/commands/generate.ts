/**
 * `catwire generate`: tool-owned code into the output folder (replaced atomically) and
 * user-owned handler stubs (created once, then only merged). `--check` writes nothing and
 * fails, naming every stale file, when the output folder is not what a run would write.
 */
import path from 'node:path';
import { analyzeCatalog, formatDiagnostic, hasErrors } from '../../generators/index.js';
import { compareTree, isCurrent, type TreeDiff } from '../../generators/compare.js';
import { emit } from '../../generators/emit/index.js';
import { planStubs, type StubReport } from '../../generators/stubs/index.js';
import { emitOptionsOf, resolveConfig, type ConfigFlags } from '../config.js';
import type { Io } from '../io.js';
import { readTree, replaceTree, writeFiles } from '../tree.js';

export interface GenerateOptions extends ConfigFlags {
  readonly check: boolean;
  readonly partial: boolean;
}

export async function generate(options: GenerateOptions, io: Io): Promise<number> {
  const config = resolveConfig(options, io.cwd);
  const rel = (p: string) => path.relative(io.cwd, p).split(path.sep).join('/') || '.';
  const { model, diagnostics } = await analyzeCatalog(config.catalog);
  const errors = hasErrors(diagnostics);
  {
    for (const d of diagnostics) io.err(`${d.severity === 'error' ? 'error  ' : 'warning'} ${d.code} ${rel(path.join(config.catalog, d.file))}${formatDiagnostic(d).slice(d.file.length)}\n`);
  }
  if (errors && !options.partial) {
    io.err(`catwire generate: the catalog has errors; nothing was written. Fix them, or pass --partial to generate for the services whose messages resolve.\n`);
    return 1;
  }

  const previous = readTree(config.out);
  const files = await emit(model, { ...emitOptionsOf(config), previous });
  const diff = compareTree(files, previous);
  const handlersRel = rel(config.handlers);
  const outRel = rel(config.out);
  const stubs = planStubs(model.codegen, { handlers: handlersRel, out: outRel }, prefixed(readTree(config.handlers), handlersRel));

  for (const skipped of model.codegen.skipped) io.err(`skipped ${skipped.service.id}: ${skipped.reason}\n`);
  if (options.check) return reportCheck(diff, outRel, options, io);

  if (!isCurrent(diff)) replaceTree(config.out, files);
  writeFiles(config.root, stubs.files);
  io.out(
    `catwire generate: ${files.length} files in ${outRel}/ (${diff.changed.length + diff.missing.length} written, ${diff.orphaned.length} removed, ${diff.unchanged} unchanged)\n`,
  );
  reportStubs(stubs.report, handlersRel, io);
  return 0;
}

function prefixed(files: ReadonlyMap<string, string>, dir: string): Map<string, string> {
  return new Map([...files].map(([p, c]) => [`${dir}/${p}`, c]));
}

function reportCheck(diff: TreeDiff, outRel: string, options: GenerateOptions, io: Io): number {
  if (isCurrent(diff)) {
    io.out(`catwire generate --check: ${outRel}/ is up to date (${diff.unchanged} files)\n`);
    return 0;
  }
  const lines = [
    ...diff.changed.map((p) => `  changed   ${outRel}/${p}`),
    ...diff.missing.map((p) => `  missing   ${outRel}/${p}`),
    ...diff.orphaned.map((p) => `  orphaned  ${outRel}/${p}`),
  ];
  io.out(`catwire generate --check: ${outRel}/ is out of date (${lines.length} files):\n${lines.join('\n')}\nRun \`${fixCommand(options)}\` to update it.\n`);
  return 1;
}

function fixCommand(options: GenerateOptions): string {
  const flags = (['catalog', 'out', 'handlers', 'runtime'] as const).flatMap((k) => (options[k] ? [`--${k} ${options[k]}`] : []));
  return ['npx catwire generate', ...flags].join(' ');
}

function reportStubs(report: StubReport, handlersRel: string, io: Io): void {
  const line = (label: string, list: readonly string[]) => (list.length > 0 ? `${label}:\n${list.map((p) => `  ${p}`).join('\n')}\n` : '');
  io.out(`handler stubs in ${handlersRel}/: ${report.created.length} created, ${report.updated.length} updated\n`);
  io.out(line('created', report.created) + line('updated', report.updated));
  if (report.orphaned.length > 0) io.out(line('no longer received (kept; delete them when you are done)', report.orphaned));
  if (report.problems.length > 0) io.err(line('could not update', report.problems));
}
