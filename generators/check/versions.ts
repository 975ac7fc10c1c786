/**
 * Versions in flight, as the gate sees them (docs/versions.md): a caster a person must write
 * that is still the generated stub (CW031: the bridge throws on every message), a caster file
 * catwire could now derive (CW033: a written one still wins, an untouched stub is unused), and,
 * against the base, an old major whose last pin is gone while its `versioned/` folder is still
 * there (CW032). The open migrations themselves are the model's CW030 warnings.
 */
import path from 'node:path';
import { casterStubMessage } from '../../templates/caster.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { casterWhat, plannedCasters } from '../emit/casters.js';
import type { CasterFiles } from '../model/migrations.js';
import type { CasterPlan, CatalogModel, CodegenPlan } from '../model/types.js';

/** The caster's file in the handlers folder (`files` keyed relative to it). */
function fileState(c: CasterPlan, handlersDir: string, files: ReadonlyMap<string, string>): 'missing' | 'stub' | 'written' {
  const text = files.get(`${c.module}.ts`);
  if (text === undefined) return 'missing';
  return text.includes(casterStubMessage(casterWhat(c), `${handlersDir}/${c.module}.ts`)) ? 'stub' : 'written';
}

/** The handlers folder's casters as the model's CW030 names them (`ModelOptions.casters`). */
export function casterFiles(handlersDir: string, files: ReadonlyMap<string, string>): CasterFiles {
  return { dir: handlersDir, written: (c) => fileState(c, handlersDir, files) === 'written' };
}

/**
 * The state of the caster a person writes: `undefined` when catwire generates it. A derivable
 * caster with a written file is the user's (`written`): their code wins over the derivation.
 */
export function casterFileState(c: CasterPlan, handlersDir: string, files: ReadonlyMap<string, string>): 'missing' | 'stub' | 'written' | undefined {
  const state = fileState(c, handlersDir, files);
  if (c.owner === 'generated') return state === 'written' ? 'written' : undefined;
  return state;
}

/**
 * Casters catwire could derive, and optional ones, whose file in the handlers folder is written:
 * the user's code is used (EmitOptions.userCasters).
 */
export function writtenCasters(plan: CodegenPlan, handlersDir: string, files: ReadonlyMap<string, string>): Set<string> {
  return new Set(plannedCasters(plan).filter((c) => (c.owner === 'generated' || c.optional) && fileState(c, handlersDir, files) === 'written').map((c) => c.module));
}

/** CW033: a caster file for a caster catwire now derives (after a schema change, or a better derivation). */
export function derivableCasterFiles(plan: CodegenPlan, handlersDir: string, files: ReadonlyMap<string, string>): Diagnostic[] {
  return plannedCasters(plan).flatMap((c) => {
    if (c.owner !== 'generated') return [];
    const state = fileState(c, handlersDir, files);
    if (state === 'missing') return [];
    const file = `${handlersDir}/${c.module}.ts`;
    return [
      diagnostic('caster-derivable', {
        file,
        field: c.functionName,
        message:
          state === 'written'
            ? `catwire can now derive the caster that ${casterWhat(c)}, but this file is written, so it is still the one used`
            : `catwire now derives the caster that ${casterWhat(c)} (generated/${c.module}.ts), so this untouched stub is not used`,
        fix: state === 'written' ? `Delete ${file} to use the generated caster, or keep it if it does more than copy fields` : `Delete ${file}`,
      }),
    ];
  });
}

/** `files`: the handlers folder's files, keyed by path relative to it. */
export function casterStubs(plan: CodegenPlan, handlersDir: string, files: ReadonlyMap<string, string>): Diagnostic[] {
  return plannedCasters(plan).flatMap((c) => {
    const state = casterFileState(c, handlersDir, files);
    // An optional caster is only needed where old-major records exist; the runtime names it then.
    if (c.optional || (state !== 'stub' && state !== 'missing')) return [];
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
