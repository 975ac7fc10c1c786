/**
 * The emit stage: every tool-owned file for a model, from one emitter per artefact kind.
 * Same shape for all (model → { path, content }[]); emitters do not know about each other.
 * The result is sorted by path and already formatted, so two runs are byte-identical.
 */
import { tsHeader } from '../../templates/header.js';
import type { CatalogModel } from '../model/types.js';
import type { EmitOptions, GeneratedFile } from './files.js';
import { emitCasters } from './casters.js';
import { emitContractTests } from './contract-tests.js';
import { emitServices } from './services.js';
import { emitTopology } from './topology.js';
import { declarationRunner, POOL_THRESHOLD, type DeclarationRunner } from './type-pool.js';
import { emitTypes } from './types.js';
import { resolvePlanned, type PlannedFile } from './planned.js';

export type { EmitOptions, GeneratedFile } from './files.js';
export { reusableTree } from './planned.js';
export { prefetchType } from './types.js';

export async function emit(model: CatalogModel, options: EmitOptions): Promise<GeneratedFile[]> {
  // A pool starts only if some type module has to be rendered, sized by how many may be; the
  // caller's pool (started before loading) is used when the catalog turned out large.
  const jobs = model.codegen.types.length;
  const given = options.pool && jobs >= POOL_THRESHOLD ? options.pool : undefined;
  let runner: DeclarationRunner | undefined;
  const types = emitTypes(model, options, () => (runner ??= given ?? declarationRunner(jobs)));
  const planned = [...types, ...emitServices(model, options), ...emitContractTests(model, options), ...emitTopology(model), ...emitCasters(model, options.userCasters), emitIndex(model)];
  try {
    const files = await resolvePlanned(planned, options.previous, options.onFile);
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } finally {
    if (runner !== given) await runner?.close();
  }
}

/** `index.ts`: every service's public names, for applications that start several services. */
function emitIndex(model: CatalogModel): PlannedFile {
  const lines = model.codegen.services.map((plan) => {
    const n = plan.names;
    return `export { ${n.contract}, ${n.start}, type ${n.contractType}, type ${n.context}, type ${n.handlers}, type ${n.producer} } from "./${plan.module}/index.js";`;
  });
  return { path: 'index.ts', header: tsHeader, render: () => `${lines.join('\n')}\n` };
}
