/**
 * A message's type module: the payload (and, for queries, reply) type and its JSON Schema
 * as a constant the runtime validates with.
 */
import { renderImports, type ImportView } from './imports.js';
import { jsdoc, literal, str } from './text.js';

export interface TypeModuleView {
  readonly runtimeImport: string;
  /** The shared types (types/shared/*) the declarations name. */
  readonly sharedImports?: readonly ImportView[];
  readonly doc: readonly string[];
  /** Declarations printed by json-schema-to-typescript, or a fallback alias. */
  readonly payloadDeclarations: string;
  readonly schemaName: string;
  readonly schema: unknown;
  readonly response?: { readonly declarations: string; readonly schemaName: string; readonly schema: unknown };
}

/**
 * The schema constant: typed `JsonSchema` when there is one; a message without a JSON Schema
 * gets an `undefined` constant, which the runtime reads as "not validated".
 */
function schemaConstant(name: string, schema: unknown): string {
  if (schema === undefined) return `${jsdoc(['No JSON Schema in the catalog: payloads are not validated.'])}export const ${name} = undefined;`;
  return `export const ${name}: JsonSchema = ${literal(schema)};`;
}

export function renderTypeModule(view: TypeModuleView): string {
  const schemas = [view.schema, ...(view.response ? [view.response.schema] : [])];
  const imports = [
    ...(schemas.some((s) => s !== undefined) ? [`import type { JsonSchema } from ${str(view.runtimeImport)};`] : []),
    ...(view.sharedImports && view.sharedImports.length > 0 ? [renderImports(view.sharedImports)] : []),
  ];
  const out = imports.length > 0 ? [...imports, ''] : [];
  out.push(`${jsdoc(view.doc)}${view.payloadDeclarations.trim()}`, '');
  out.push(schemaConstant(view.schemaName, view.schema), '');
  if (view.response) {
    out.push(view.response.declarations.trim(), '');
    out.push(schemaConstant(view.response.schemaName, view.response.schema), '');
  }
  return out.join('\n');
}
