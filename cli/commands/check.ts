/**
 * `catwire check`: the pull-request gate. Several checks, one report, each finding with a
 * stable code: the catalog itself, catalog ↔ spec drift, catalog ↔ code drift (when the
 * project has generated code) and, with `--base <ref>`, breaking schema changes the catalog's
 * versions do not announce. Exit 0 clean, 1 violations, 2 usage or internal error.
 */
import { existsSync } from 'node:fs';
import { breakingChanges } from '../../generators/check/breaking.js';
import { generatedDrift, handlerDrift, undeclaredPublishes } from '../../generators/check/code-drift.js';
import { applyPolicy, fails, policyProblems, type CheckPolicy } from '../../generators/check/policy.js';
import { renderReport, type Category, type CheckFormat } from '../../generators/check/report.js';
import { specDrift } from '../../generators/check/spec-drift.js';
import { casterFiles, casterStubs, derivableCasterFiles, removableVersions, writtenCasters } from '../../generators/check/versions.js';
import { compareTree } from '../../generators/compare.js';
import { emit } from '../../generators/emit/index.js';
import { analyzeCatalog, sortDiagnostics, type Diagnostic } from '../../generators/index.js';
import { emitOptionsOf, handlerDepsOf, resolveConfig, type ConfigFlags } from '../config.js';
import { unknownDepsServices } from '../handler-deps.js';
import { catalogAtRef } from '../git.js';
import { UsageError, type Io } from '../io.js';
import { relativePosix } from '../paths.js';
import { readTree, readTreeIfReadable } from '../tree.js';

export interface CheckOptions extends ConfigFlags {
  readonly base?: string | undefined;
  readonly format: CheckFormat;
}

export async function check(options: CheckOptions, io: Io): Promise<number> {
  const config = resolveConfig(options, io.cwd);
  const problems = policyProblems(config.check);
  if (problems.length > 0) throw new UsageError(`catwire.config.json: ${problems.join('; ')}`);
  const rel = (p: string) => relativePosix(io.cwd, p);

  const base = options.base === undefined ? undefined : catalogAtRef(config.catalog, options.base);
  try {
    // The handlers folder's casters: CW030 says when a written one is used instead of a derived one.
    const casters = casterFiles(rel(config.handlers), readTreeIfReadable(config.handlers) ?? new Map());
    const [head, before] = await Promise.all([
      analyzeCatalog(config.catalog, { casters }),
      base && analyzeCatalog(base.dir, { skipSpecs: true }),
    ]);
    const ran: Category[] = ['catalog', 'spec-drift'];
    const deps = handlerDepsOf(config);
    const findings: Diagnostic[] = [
      ...head.diagnostics,
      ...specDrift(head.model),
      ...deps.diagnostics,
      ...unknownDepsServices(deps.deps, head.model.services.map((s) => s.id), config.configText),
    ];
    // Generated code compared against a config with errors would only repeat them as drift.
    if (existsSync(config.out) && deps.diagnostics.length === 0) {
      ran.push('code-drift');
      const handlers = readTree(config.handlers);
      const userCasters = writtenCasters(head.model.codegen, rel(config.handlers), handlers);
      const files = await emit(head.model, { ...emitOptionsOf(config), previous: readTree(config.out), userCasters });
      findings.push(...generatedDrift(compareTree(files, readTree(config.out)), rel(config.out), 'npx catwire generate'));
      findings.push(...handlerDrift(head.model.codegen, rel(config.handlers), handlers));
      findings.push(...undeclaredPublishes(head.model.codegen, rel(config.handlers), handlers));
      findings.push(...casterStubs(head.model.codegen, rel(config.handlers), handlers), ...derivableCasterFiles(head.model.codegen, rel(config.handlers), handlers));
    }
    if (before) {
      ran.push('breaking');
      findings.push(...breakingChanges(before.model, head.model), ...removableVersions(before.model, head.model));
    }
    const result = applyPolicy(sortDiagnostics(findings), (config.check ?? {}) as CheckPolicy);
    io.out(renderReport(result, options.format, ran));
    return result.some(fails) ? 1 : 0;
  } finally {
    base?.cleanup();
  }
}
