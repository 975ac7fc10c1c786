/**
 * A message's type module: the payload (and, for queries, reply) type and its JSON Schema
 * as a constant the runtime validates with.
 */
import { jsdoc, literal, str } from './text.js';

export interface TypeModuleView {
  readonly runtimeImport: string;
  readonly doc: readonly string[];
  /** Declarations printed by json-schema-to-typescript, or a fallback alias. */
  readonly payloadDeclarations: string;
  readonly schemaName: string;
  readonly schema: unknown;
  readonly response?: { readonly declarations: string; readonly schemaName: string; readonly schema: unknown };
}

export function renderTypeModule(view: TypeModuleView): string {
  const out = [`import type { JsonSchema } from ${str(view.runtimeImport)};`, ''];
  out.push(`${jsdoc(view.doc)}${view.payloadDeclarations.trim()}`, '');
  out.push(`export const ${view.schemaName}: JsonSchema | undefined = ${literal(view.schema)};`, '');
  if (view.response) {
    out.push(view.response.declarations.trim(), '');
    out.push(`export const ${view.response.schemaName}: JsonSchema | undefined = ${literal(view.response.schema)};`, '');
  }
  return out.join('\n');
}
