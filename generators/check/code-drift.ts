/**
 * Catalog ↔ code drift: generated files current (the comparison `generate --check` uses), a
 * handler exported for every message a service receives, and no handler code publishing a
 * message its service does not declare (a static scan with ts-morph, which also catches what
 * a cast would hide from the compiler: `(ctx.producer as any).publishSomethingElse(...)`).
 */
import { createRequire } from 'node:module';
import type * as Morph from 'ts-morph';
import type { TreeDiff } from '../compare.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { CodegenPlan } from '../model/types.js';

export function generatedDrift(diff: TreeDiff, outDir: string, fixCommand: string): Diagnostic[] {
  const item = (path: string, problem: string) =>
    diagnostic('generated-stale', { file: `${outDir}/${path}`, message: `the generated file is ${problem}`, fix: `Run \`${fixCommand}\` and commit the result` });
  return [
    ...diff.changed.map((p) => item(p, 'out of date')),
    ...diff.missing.map((p) => item(p, 'missing')),
    ...diff.orphaned.map((p) => item(p, 'left over from an earlier catalog')),
  ];
}

/** `files`: the handler folder's files, keyed by path relative to that folder. */
export function handlerDrift(plan: CodegenPlan, handlersDir: string, files: ReadonlyMap<string, string>): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const service of plan.services) {
    if (service.receives.length === 0) continue;
    const index = `${service.stubDir}/index.ts`;
    const text = files.get(index);
    const exported = new Set(text === undefined ? [] : exportedNames(text));
    for (const receive of service.receives) {
      if (exported.has(receive.key)) continue;
      const m = receive.type.message;
      found.push(
        diagnostic('handler-missing', {
          file: `${handlersDir}/${index}`,
          message: `${service.service.id} receives ${m.kind} "${m.id}@${m.version}" but ${text === undefined ? 'has no handlers index' : `its handlers index exports no "${receive.key}"`}`,
          fix: `Run \`npx catwire generate\` to create the stub ${handlersDir}/${receive.stubModule}.ts, then implement it`,
        }),
      );
    }
  }
  return found;
}

function exportedNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) names.push(name);
    }
  }
  for (const m of text.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([\w$]+)/g)) names.push(m[1] as string);
  return names;
}

/** Calls of `<something>.producer.<method>(...)` in a service's handlers that its contract does not send. */
export function undeclaredPublishes(plan: CodegenPlan, handlersDir: string, files: ReadonlyMap<string, string>): Diagnostic[] {
  const found: Diagnostic[] = [];
  const morph = createRequire(import.meta.url)('ts-morph') as typeof Morph;
  const project = new morph.Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  for (const service of plan.services) {
    const declared = new Set(service.sends.map((s) => s.key));
    for (const [path, text] of files) {
      if (!path.startsWith(`${service.stubDir}/`) || !path.endsWith('.ts')) continue;
      const source = project.createSourceFile(`/${path}`, text, { overwrite: true });
      for (const access of source.getDescendantsOfKind(morph.SyntaxKind.PropertyAccessExpression)) {
        const target = access.getExpression().getText().replace(/^\(+|\)+$/g, '').replace(/\s+as\s+.*$/, '');
        if (!/(^|\.)producer$/.test(target)) continue;
        const method = access.getName();
        if (declared.has(method)) continue;
        found.push(
          diagnostic('undeclared-publish', {
            file: `${handlersDir}/${path}`,
            line: access.getStartLineNumber(),
            field: method,
            message: `${service.service.id} calls producer.${method}, which is not a message it sends in the catalog (it sends: ${[...declared].join(', ') || 'nothing'})`,
            fix: `Add the message to sends of ${service.service.id} in ${service.service.file}, or remove the call`,
          }),
        );
      }
    }
  }
  return found;
}
