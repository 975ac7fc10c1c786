/**
 * The pipeline's entry points for the CLI: load a catalog folder and build its contract model,
 * with every diagnostic collected and sorted.
 */
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { loadCatalog, type LoadOptions } from './load/index.js';
import { buildModel, type ModelOptions } from './model/index.js';
import type { CatalogModel } from './model/types.js';

export interface AnalyzeOptions extends LoadOptions, ModelOptions {}

export interface Analysis {
  readonly model: CatalogModel;
  readonly diagnostics: readonly Diagnostic[];
}

export async function analyzeCatalog(dir: string, options: AnalyzeOptions = {}): Promise<Analysis> {
  const loaded = await loadCatalog(dir, options);
  const { model, diagnostics } = buildModel(loaded, options);
  return { model, diagnostics: sortDiagnostics(diagnostics) };
}

export { formatDiagnostic, hasErrors, sortDiagnostics, DIAGNOSTIC_KINDS } from './diagnostics.js';
export { count, withArticle } from '../templates/english.js';
export type { Diagnostic, DiagnosticKind, Severity } from './diagnostics.js';
export type * from './model/types.js';
