/**
 * Generated casters (`casters/<message>-v<from>-to-v<to>.ts`): one module per caster that a
 * planned service bridges with and that the model could derive. Casters a person writes are
 * user-owned stubs (generators/stubs/casters.ts); both are imported by the contract.
 */
import path from 'node:path';
import { tsHeader } from '../../templates/header.js';
import { renderCaster } from '../../templates/caster.js';
import type { ImportView } from '../../templates/imports.js';
import type { CasterPlan, CatalogModel, CodegenPlan, TypePlan } from '../model/types.js';
import { relativeSpecifier, type ProjectLayout } from './files.js';
import type { PlannedFile } from './planned.js';

/** Every caster the planned services use, once, in module order. */
export function plannedCasters(plan: CodegenPlan): CasterPlan[] {
  const byModule = new Map<string, CasterPlan>();
  for (const service of plan.services) {
    for (const m of [...service.sends, ...service.receives]) {
      for (const b of m.bridges) for (const c of [b.old.caster, b.old.replyCaster, b.old.recordCaster]) if (c) byModule.set(c.module, c);
    }
  }
  return [...byModule.keys()].sort().map((k) => byModule.get(k) as CasterPlan);
}

/** The payload (or reply) type names at both ends of a caster, and where they are imported from. */
export function casterTypes(plan: CodegenPlan, caster: CasterPlan, file: string, typesDir = '.'): { from: string; to: string; imports: ImportView[] } {
  const typeOf = (m: CasterPlan['from']) => plan.types.find((t) => t.message === m) as TypePlan;
  const name = (t: TypePlan) => (caster.part === 'reply' ? (t.responseTypeName as string) : t.typeName);
  const [from, to] = [typeOf(caster.from), typeOf(caster.to)];
  const imports = new Map<string, string[]>();
  for (const t of [from, to]) {
    const spec = relativeSpecifier(file, `${typesDir === '.' ? '.' : typesDir}/${t.module}.js`);
    imports.set(spec, [...(imports.get(spec) ?? []), name(t)]);
  }
  return {
    from: name(from),
    to: name(to),
    imports: [...imports].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, names]) => ({ from: f, names: [...new Set(names)].map((n) => ({ name: n, type: true })) })),
  };
}

export const casterWhat = (c: CasterPlan) =>
  `${c.direction}s ${c.part === 'reply' ? 'the reply of ' : ''}${c.from.id} ${c.from.version} to ${c.to.version}`;

/** Whether the user's file provides the caster: one catwire could not derive, or one they wrote anyway. */
export function userOwned(c: CasterPlan, userCasters: ReadonlySet<string> | undefined): boolean {
  return c.owner === 'user' || userCasters?.has(c.module) === true;
}

/** Whether the contract has the caster: derived, or written by the user (an optional one may be neither). */
export function casterAvailable(c: CasterPlan, userCasters: ReadonlySet<string> | undefined): boolean {
  return !c.optional || c.derivation.derivable || userCasters?.has(c.module) === true;
}

export function emitCasters(model: CatalogModel, userCasters?: ReadonlySet<string>): PlannedFile[] {
  return plannedCasters(model.codegen)
    .filter((c) => !userOwned(c, userCasters) && c.derivation.derivable)
    .map((c) => {
      const file = `${c.module}.ts`;
      const derivation = c.derivation as Extract<CasterPlan['derivation'], { derivable: true }>;
      const types = casterTypes(model.codegen, c, file);
      return {
        path: file,
        header: tsHeader,
        render: () => renderCaster({ imports: types.imports, what: casterWhat(c), functionName: c.functionName, fromType: types.from, toType: types.to, steps: derivation.steps }),
      };
    });
}

/** How the contract module at `file` (relative to the output folder) imports a caster. */
export function casterSpecifier(c: CasterPlan, file: string, layout: ProjectLayout, userCasters?: ReadonlySet<string>): string {
  if (!userOwned(c, userCasters)) return relativeSpecifier(file, `./${c.module}.js`);
  const handlers = path.posix.relative(layout.out, layout.handlers);
  return relativeSpecifier(file, `${handlers.startsWith('.') ? '' : './'}${handlers}/${c.module}.js`);
}
