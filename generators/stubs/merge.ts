/**
 * Merging regenerated signatures into user-owned stubs with ts-morph. What catwire owns in a
 * stub: the import block between the `catwire:managed` markers and the type annotations of the
 * handler's parameters and return. Everything else — the body, other imports, other
 * functions, comments — stays byte for byte.
 */
import { createRequire } from 'node:module';
import type * as Morph from 'ts-morph';
import type { Project, SourceFile } from 'ts-morph';
import { MANAGED_END, MANAGED_START, renderStubExport } from '../../templates/stub.js';
import type { ExpectedStub } from './index.js';

let project: Project | undefined;

function parse(file: string, text: string): SourceFile {
  // Loaded on first use: regenerating stubs that already match never needs the compiler.
  if (!project) {
    const morph = createRequire(import.meta.url)('ts-morph') as typeof Morph;
    project = new morph.Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  }
  return project.createSourceFile(`/${file}`, text, { overwrite: true });
}

function signature(expected: ExpectedStub): string {
  return `export async function ${expected.functionName}(payload: ${expected.payloadType}, ctx: ${expected.contextType}): ${expected.returnType}`;
}

export function mergeStub(file: string, current: string, expected: ExpectedStub): { content: string; problems: string[] } {
  const managed = `${MANAGED_START}\n${expected.managedImports}\n${MANAGED_END}`;
  // Fast path: a stub that already matches is not parsed at all.
  if (current.includes(managed) && current.includes(signature(expected))) return { content: current, problems: [] };

  const problems: string[] = [];
  let text = current;
  const start = text.indexOf(MANAGED_START);
  const end = text.indexOf(MANAGED_END);
  if (start >= 0 && end > start) text = text.slice(0, start) + managed + text.slice(end + MANAGED_END.length);

  const source = parse(file, text);
  if (start < 0 || end <= start) addMissingImports(source, expected);
  const fn = source.getFunction(expected.functionName);
  if (!fn) {
    problems.push(`${file}: no function ${expected.functionName} to update; its handler signature was left as it is`);
    return { content: source.getFullText(), problems };
  }
  const [payload, ctx] = fn.getParameters();
  if (payload && payload.getTypeNode()?.getText() !== expected.payloadType) payload.setType(expected.payloadType);
  if (ctx && ctx.getTypeNode()?.getText() !== expected.contextType) ctx.setType(expected.contextType);
  if (fn.getReturnTypeNode()?.getText() !== expected.returnType) fn.setReturnType(expected.returnType);
  return { content: source.getFullText(), problems };
}

/** Without the managed block (the developer removed it), add only the names not imported yet. */
function addMissingImports(source: SourceFile, expected: ExpectedStub): void {
  const imported = new Set(source.getImportDeclarations().flatMap((d) => d.getNamedImports().map((n) => n.getName())));
  for (const view of expected.imports) {
    const names = view.names.filter((n) => !imported.has(n.name)).map((n) => n.name);
    if (names.length > 0) source.addImportDeclaration({ isTypeOnly: true, namedImports: names, moduleSpecifier: view.from });
  }
}

export function mergeIndex(
  file: string,
  current: string,
  exports: readonly { readonly name: string; readonly from: string }[],
): { content: string; orphanedExports: string[] } {
  const expectedModules = new Set(exports.map((e) => e.from));
  let missing: (typeof exports)[number][];
  let modules: string[];
  if (exports.every((e) => current.includes(renderStubExport(e)))) {
    // Fast path: every export is there as catwire wrote it; only look for leftovers.
    missing = [];
    modules = [...current.matchAll(/^\s*export\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)].map((m) => m[1] as string);
  } else {
    const declarations = parse(file, current).getExportDeclarations();
    const exported = new Set(declarations.flatMap((d) => d.getNamedExports().map((n) => (n.getAliasNode() ?? n.getNameNode()).getText())));
    missing = exports.filter((e) => !exported.has(e.name));
    modules = declarations.map((d) => d.getModuleSpecifierValue()).filter((m): m is string => m !== undefined);
  }
  const orphanedExports = modules
    .filter((m) => m.startsWith('./') && !expectedModules.has(m))
    .map((m) => `${file}: export from "${m}" matches no received message`);
  if (missing.length === 0) return { content: current, orphanedExports };
  // Appended as text, so the rest of the file keeps its exact bytes.
  const tail = current.endsWith('\n') || current === '' ? '' : '\n';
  return { content: `${current}${tail}${missing.map(renderStubExport).join('\n')}\n`, orphanedExports };
}
