/**
 * `catwire validate [dir]`: every problem in the catalog, in one grammar, collected before
 * failing. Exit 0 without errors (warnings allowed), 1 with errors.
 */
import { analyzeCatalog, count, formatDiagnostic, hasErrors, type CatalogSummary, type Diagnostic } from '../../generators/index.js';
import { catalogDir } from '../catalog-dir.js';
import type { Io } from '../io.js';

export interface ValidateOptions {
  readonly format: 'text' | 'json';
  readonly lintSpecs: boolean;
}

export async function validate(dir: string | undefined, options: ValidateOptions, io: Io): Promise<number> {
  const root = catalogDir(dir, io.cwd);
  const { model, diagnostics } = await analyzeCatalog(root, { lintSpecs: options.lintSpecs });
  if (options.format === 'json') {
    io.out(`${JSON.stringify({ diagnostics: diagnostics.map(toJson), summary: model.summary }, null, 2)}\n`);
  } else {
    io.out(renderText(diagnostics, model.summary));
  }
  return hasErrors(diagnostics) ? 1 : 0;
}

function toJson(d: Diagnostic) {
  return { code: d.code, severity: d.severity, file: d.file, line: d.line ?? null, field: d.field ?? null, message: d.message, fix: d.fix };
}

export function renderText(diagnostics: readonly Diagnostic[], summary: CatalogSummary): string {
  const lines = diagnostics.map((d) => `${d.severity === 'error' ? 'error  ' : 'warning'} ${d.code} ${formatDiagnostic(d)}`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const counts = Object.entries(summary).map(([k, v]) => `${v} ${k}`).join(', ');
  if (lines.length > 0) lines.push('');
  lines.push(`catalog: ${counts}`);
  lines.push(`${errors === 0 ? '✔' : '✖'} ${count(errors, 'error')}, ${count(warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}
