/**
 * One schema to TypeScript declarations: json-schema-to-typescript, then the TypeScript
 * printer. The costly part of code generation, so it runs in worker threads for large
 * catalogs (type-pool.ts); it must therefore take and return plain data only.
 */
import { compile } from 'json-schema-to-typescript';
import { jsdoc } from '../../templates/text.js';
import { formatTypeScript } from './format.js';

export interface DeclarationJob {
  /** The JSON Schema, or undefined for a message without one (typed as a plain object). */
  readonly schema: unknown;
  readonly name: string;
  readonly doc: readonly string[];
  /** Folder the schema's relative `$ref`s resolve against. */
  readonly cwd: string;
}

const FALLBACK = 'Readonly<Record<string, unknown>>';
const PLACEHOLDER = 'CatwirePlannedRootType';

export async function typeDeclarations(job: DeclarationJob): Promise<string> {
  const { schema, name, doc, cwd } = job;
  if (!schema || typeof schema !== 'object') return `${jsdoc(doc)}export type ${name} = ${FALLBACK};`;
  // The plan decides the root name: drop the root title (json-schema-to-typescript would name
  // the type after it) and the description (it goes into the doc comment).
  const { title: _title, description, ...rest } = schema as Record<string, unknown>;
  // json-schema-to-typescript re-cases the name it is given; compile under a placeholder and
  // rename, so the type is called exactly what the plan decided.
  const body = await compile(rest as never, PLACEHOLDER, {
    bannerComment: '',
    format: false,
    cwd,
    additionalProperties: true,
    unknownAny: true,
    strictIndexSignatures: false,
    declareExternallyReferenced: true,
    // minItems would become tuple types ([T, ...T[]]) that plain arrays do not satisfy; the
    // runtime validates the bounds anyway.
    ignoreMinAndMaxItems: true,
  });
  const extra = typeof description === 'string' ? ['', description] : [];
  return formatTypeScript(`${jsdoc([...doc, ...extra])}${body.replace(new RegExp(`\\b${PLACEHOLDER}\\b`, 'g'), name)}`);
}
