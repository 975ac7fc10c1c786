/**
 * Message types: one module per message version used, with the payload type printed by
 * json-schema-to-typescript and the JSON Schema the runtime validates with.
 */
import path from 'node:path';
import { tsHeader } from '../../templates/header.js';
import { renderTypeModule } from '../../templates/types-module.js';
import type { CatalogModel, Message, SchemaAttachment, TypePlan } from '../model/types.js';
import { renderImports, type ImportView } from '../../templates/imports.js';
import { fileName } from '../model/naming.js';
import { jsonSchemaOf, runtimeSpecifier, type EmitOptions } from './files.js';
import { planSharedTypes, type SharedType } from './shared-types.js';
import type { PlannedFile } from './planned.js';
import type { SchemaJob } from './type-declarations.js';
import type { DeclarationRunner } from './type-pool.js';

export function emitTypes(model: CatalogModel, options: EmitOptions, runner: () => DeclarationRunner): PlannedFile[] {
  const shared = planSharedTypes(model.codegen.types);
  return [
    ...shared.types.map((type) => sharedModule(model.root, type, runner)),
    ...model.codegen.types.map((plan) => typeModule(model.root, plan, options, runner, shared.bySchema.get(plan) ?? {})),
  ];
}

/** The import of the shared types a module's declarations name (`shared` maps definitions keys to them). */
function sharedImports(file: string, declarations: string, shared: readonly Readonly<Record<string, string>>[]): ImportView[] {
  const names = [...new Set(shared.flatMap((s) => Object.values(s)))].filter((n) => new RegExp(`(?<![\\w$"])${n}(?![\\w$"])`).test(declarations)).sort();
  return names.map((name) => {
    const from = path.posix.relative(path.posix.dirname(file), `types/shared/${fileName(name, 'type')}.js`);
    return { from: from.startsWith('.') ? from : `./${from}`, names: [{ name, type: true }] };
  });
}

function sharedModule(root: string, type: SharedType, runner: () => DeclarationRunner): PlannedFile {
  const file = `${type.module}.ts`;
  return {
    path: file,
    input: [type.name, type.schema, type.shared],
    header: tsHeader,
    render: async () => {
      const declarations = await runner().run({ schema: type.schema, cwd: root, shared: type.shared, name: type.name, doc: [] });
      const imports = renderImports(sharedImports(file, declarations, [type.shared]));
      return `${imports === '' ? '' : `${imports}\n\n`}${declarations.trim()}\n`;
    },
  };
}

function typeModule(
  root: string,
  plan: TypePlan,
  options: EmitOptions,
  runner: () => DeclarationRunner,
  shared: { readonly payload?: Record<string, string>; readonly response?: Record<string, string> },
): PlannedFile {
  const file = `${plan.module}.ts`;
  const runtime = runtimeSpecifier(options, file);
  const m = plan.message;
  const { message: _message, ...names } = plan;
  const job = (schema: SchemaAttachment | undefined, name: string, doc: readonly string[], sharedDefs: Record<string, string> | undefined) => {
    // Spelled out, not `{ ...schemaJob(), name, doc }`: see model/kinds.ts on hidden classes.
    const { schema: content, cwd } = schemaJob(root, schema);
    return runner().run({ schema: content, cwd, name, doc, shared: sharedDefs });
  };
  return {
    path: file,
    input: [runtime, names, m.id, m.version, m.kind, m.name, m.summary, m.schema, m.responseSchema, shared],
    header: tsHeader,
    render: async () => {
      const payload = job(m.schema, plan.typeName, describe(m), shared.payload);
      const response =
        plan.responseTypeName && plan.responseSchemaName
          ? job(m.responseSchema, plan.responseTypeName, [`The reply to ${m.id}@${m.version}.`], shared.response)
          : undefined;
      const texts = [await payload, ...(response ? [await response] : [])];
      const text = renderTypeModule({
        sharedImports: sharedImports(file, texts.join('\n'), [shared.payload ?? {}, shared.response ?? {}]),
        runtimeImport: runtime,
        doc: [],
        payloadDeclarations: texts[0] as string,
        schemaName: plan.schemaName,
        schema: jsonSchemaOf(m.schema),
        ...(response && plan.responseSchemaName
          ? { response: { declarations: texts[1] as string, schemaName: plan.responseSchemaName, schema: jsonSchemaOf(m.responseSchema) } }
          : {}),
      });
      return text;
    },
  };
}

/** What compiling a schema takes: the JSON Schema and the folder its relative `$ref`s start from. */
function schemaJob(root: string, schema: SchemaAttachment | undefined): SchemaJob {
  return { schema: jsonSchemaOf(schema), cwd: schema ? path.dirname(path.join(root, schema.file)) : root };
}

/**
 * Starts compiling a schema of the catalog at `root` before the model has planned its type
 * (while the catalog is still loading): the type module's job then finds it compiled.
 */
export function prefetchType(runner: DeclarationRunner, root: string, schema: SchemaAttachment): void {
  const job = schemaJob(root, schema);
  if (job.schema !== undefined) runner.prefetch(job);
}

function describe(m: Message): string[] {
  return [...(m.summary ? [m.summary, ''] : []), `${m.name} — ${m.kind} ${m.id}@${m.version}.`];
}
