/**
 * Message types: one module per message version used, with the payload type printed by
 * json-schema-to-typescript and the JSON Schema the runtime validates with.
 */
import path from 'node:path';
import { tsHeader } from '../../templates/header.js';
import { renderTypeModule } from '../../templates/types-module.js';
import type { CatalogModel, Message, SchemaAttachment, TypePlan } from '../model/types.js';
import { jsonSchemaOf, runtimeSpecifier, type EmitOptions } from './files.js';
import type { PlannedFile } from './planned.js';
import type { SchemaJob } from './type-declarations.js';
import type { DeclarationRunner } from './type-pool.js';

export function emitTypes(model: CatalogModel, options: EmitOptions, runner: () => DeclarationRunner): PlannedFile[] {
  return model.codegen.types.map((plan) => typeModule(model.root, plan, options, runner));
}

function typeModule(root: string, plan: TypePlan, options: EmitOptions, runner: () => DeclarationRunner): PlannedFile {
  const file = `${plan.module}.ts`;
  const runtime = runtimeSpecifier(options, file);
  const m = plan.message;
  const { message: _message, ...names } = plan;
  const job = (schema: SchemaAttachment | undefined, name: string, doc: readonly string[]) => {
    // Spelled out, not `{ ...schemaJob(), name, doc }`: see model/kinds.ts on hidden classes.
    const { schema: content, cwd } = schemaJob(root, schema);
    return runner().run({ schema: content, cwd, name, doc });
  };
  return {
    path: file,
    input: [runtime, names, m.id, m.version, m.kind, m.name, m.summary, m.schema, m.responseSchema],
    header: tsHeader,
    render: async () => {
      const payload = job(m.schema, plan.typeName, describe(m));
      const response =
        plan.responseTypeName && plan.responseSchemaName
          ? job(m.responseSchema, plan.responseTypeName, [`The reply to ${m.id}@${m.version}.`])
          : undefined;
      const text = renderTypeModule({
        runtimeImport: runtime,
        doc: [],
        payloadDeclarations: await payload,
        schemaName: plan.schemaName,
        schema: jsonSchemaOf(m.schema),
        ...(response && plan.responseSchemaName
          ? { response: { declarations: await response, schemaName: plan.responseSchemaName, schema: jsonSchemaOf(m.responseSchema) } }
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
