/**
 * Handler stubs: one user-owned file per received message plus a per-service index. New
 * stubs come from templates; existing ones are merged with ts-morph, which touches only the
 * managed imports and the handler's signature types — never a body, never a user's import.
 * Stubs whose message left the catalog are reported, not deleted.
 *
 * Pure: the caller passes the existing files in and writes what comes out.
 */
import path from 'node:path';
import { renderImports, type ImportView } from '../../templates/imports.js';
import { renderStub, renderStubIndex } from '../../templates/stub.js';
import type { CodegenPlan, ReceivePlan, ServicePlan } from '../model/types.js';
import { planCasterStubs } from './casters.js';
import { mergeIndex, mergeStub } from './merge.js';

export interface StubLayout {
  /** Project-relative folder of the user-owned handler stubs, e.g. `handlers`. */
  readonly handlers: string;
  /** Project-relative folder of the generated code, e.g. `generated`. */
  readonly out: string;
}

export interface StubReport {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  /** Stub files (or index exports) no received message needs any more. */
  readonly orphaned: readonly string[];
  /** Stubs catwire could not update, with the reason. */
  readonly problems: readonly string[];
  /** Untouched caster stubs of casters catwire now derives (kept, unused). */
  readonly superseded?: readonly string[];
}

export interface StubResult {
  /** Files to write (created or updated), project-relative paths. */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  readonly report: StubReport;
}

export interface ExpectedStub {
  readonly functionName: string;
  readonly imports: readonly ImportView[];
  readonly managedImports: string;
  readonly payloadType: string;
  readonly contextType: string;
  readonly returnType: string;
}

export function planStubs(plan: CodegenPlan, layout: StubLayout, existing: ReadonlyMap<string, string>): StubResult {
  const files: { path: string; content: string }[] = [];
  const report: { created: string[]; updated: string[]; orphaned: string[]; problems: string[]; superseded?: string[] } = { created: [], updated: [], orphaned: [], problems: [] };
  const expectedPaths = new Set<string>();

  for (const service of plan.services) {
    if (service.receives.length === 0) continue;
    for (const receive of service.receives) {
      const file = `${layout.handlers}/${receive.stubModule}.ts`;
      expectedPaths.add(file);
      const expected = expectedStub(service, receive, file, layout);
      const current = existing.get(file);
      if (current === undefined) {
        files.push({ path: file, content: renderStub(stubView(service, receive, expected)) });
        report.created.push(file);
        continue;
      }
      const merged = mergeStub(file, current, expected);
      report.problems.push(...merged.problems);
      if (merged.content !== current) {
        files.push({ path: file, content: merged.content });
        report.updated.push(file);
      }
    }
    const index = `${layout.handlers}/${service.stubDir}/index.ts`;
    expectedPaths.add(index);
    const exports = service.receives.map((r) => ({ name: r.key, from: `./${path.posix.basename(r.stubModule)}.js` }));
    const current = existing.get(index);
    if (current === undefined) {
      files.push({ path: index, content: renderStubIndex({ serviceLabel: label(service), handlersType: service.names.handlers, exports }) });
      report.created.push(index);
    } else {
      const merged = mergeIndex(index, current, exports);
      report.orphaned.push(...merged.orphanedExports);
      if (merged.content !== current) {
        files.push({ path: index, content: merged.content });
        report.updated.push(index);
      }
    }
  }
  const casters = planCasterStubs(plan, layout, existing);
  files.push(...casters.files);
  report.created.push(...casters.files.map((f) => f.path));
  for (const file of casters.expected) expectedPaths.add(file);
  for (const file of casters.superseded) expectedPaths.add(file);
  if (casters.superseded.length > 0) report.superseded = casters.superseded;
  for (const file of [...existing.keys()].sort()) {
    if (!expectedPaths.has(file) && file.endsWith('.ts')) report.orphaned.push(file);
  }
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : 1)), report };
}

function label(service: ServicePlan): string {
  return `${service.service.name} (${service.service.id})`;
}

function expectedStub(service: ServicePlan, receive: ReceivePlan, file: string, layout: StubLayout): ExpectedStub {
  const toGenerated = (module: string) => {
    const rel = path.posix.relative(path.posix.dirname(file), `${layout.out}/${module}.js`);
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const type = receive.type;
  const imports: ImportView[] = [
    {
      from: toGenerated(type.module),
      names: [{ name: type.typeName, type: true }, ...(type.responseTypeName ? [{ name: type.responseTypeName, type: true }] : [])],
    },
    { from: toGenerated(`${service.module}/index`), names: [{ name: service.names.context, type: true }] },
  ];
  return {
    functionName: receive.key,
    imports,
    managedImports: renderImports(imports),
    payloadType: type.typeName,
    contextType: service.names.context,
    returnType: `Promise<${type.responseTypeName ?? 'void'}>`,
  };
}

function stubView(service: ServicePlan, receive: ReceivePlan, expected: ExpectedStub) {
  const m = receive.type.message;
  return {
    imports: expected.imports,
    messageLabel: `${m.kind} ${m.id}@${m.version}`,
    serviceLabel: label(service),
    summary: m.summary,
    functionName: expected.functionName,
    payloadType: expected.payloadType,
    contextType: expected.contextType,
    returnType: expected.returnType,
  };
}

