/**
 * Versions in flight, as the gate sees them (docs/versions.md): a caster a person must write
 * that is still the generated stub (CW031: the bridge throws on every message), and, against the
 * base, an old major whose last pin is gone while its `versioned/` folder is still there (CW032).
 * The open migrations themselves are the model's CW030 warnings.
 */
import path from 'node:path';
import { casterStubMessage } from '../../templates/caster.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { casterWhat, plannedCasters } from '../emit/casters.js';
import type { CasterPlan, CatalogModel, CodegenPlan } from '../model/types.js';

/** The state of a user-written caster: `undefined` when generated. */
export function casterFileState(c: CasterPlan, handlersDir: string, files: ReadonlyMap<string, string>): 'missing' | 'stub' | 'written' | undefined {
  if (c.owner === 'generated') return undefined;
  const text = files.get(`${c.module}.ts`);
  if (text === undefined) return 'missing';
  return text.includes(casterStubMessage(casterWhat(c), `${handlersDir}/${c.module}.ts`)) ? 'stub' : 'written';
}

/** `files`: the handlers folder's files, keyed by path relative to it. */
export function casterStubs(plan: CodegenPlan, handlersDir: string, files: ReadonlyMap<string, string>): Diagnostic[] {
  return plannedCasters(plan).flatMap((c) => {
    const state = casterFileState(c, handlersDir, files);
    if (state !== 'stub' && state !== 'missing') return [];
    const file = `${handlersDir}/${c.module}.ts`;
    return [
      diagnostic('caster-stub', {
        file,
        field: c.functionName,
        message: `the caster that ${casterWhat(c)} is ${state === 'stub' ? 'still the generated stub' : 'missing'}, so every ${c.from.kind} it bridges fails (catwire could not derive it: ${c.derivation.derivable ? 'n/a' : c.derivation.reason})`,
        fix: state === 'stub' ? `Implement ${c.functionName} in ${file}` : 'Run `npx catwire generate` to create the stub, then implement it',
      }),
    ];
  });
}

/** Old majors bridged at the base that nothing pins or uses any more, with their folder still in the catalog. */
export function removableVersions(before: CatalogModel, head: CatalogModel): Diagnostic[] {
  const open = new Set(head.migrations.flatMap((m) => m.old.map((o) => `${m.messageId}\u0000${o.major}`)));
  const used = new Set(head.services.filter((s) => s.latest).flatMap((s) => [...s.sends, ...s.receives]).flatMap((u) => (u.target ? [`${u.target.id}@${u.target.version}`] : [])));
  const found: Diagnostic[] = [];
  for (const m of before.migrations) {
    for (const old of m.old) {
      if (open.has(`${m.messageId}\u0000${old.major}`)) continue;
      const kept = head.messages.filter((x) => x.id === m.messageId && x.versioned && Number(x.version.split('.')[0]) === old.major && !used.has(`${x.id}@${x.version}`));
      for (const message of kept) {
        const folder = `${path.posix.dirname(message.file)}/`;
        found.push(
          diagnostic('versioned-removable', {
            file: message.file,
            field: 'version',
            message: `no service pins major ${old.major} of ${m.kind} "${m.messageId}" any more (at the base, ${old.pins.map((p) => p.service.id).join(', ')} did), so generated code no longer bridges it: ${folder} can be removed`,
            fix: `Remove ${folder} once no deployed service still runs code generated for major ${old.major}, or keep it as the record of the old contract`,
          }),
        );
      }
    }
  }
  return found;
}
