/**
 * Schemas to TypeScript declarations: json-schema-to-typescript, then formatting. The costly
 * part of code generation, so it runs in worker threads for large catalogs (type-pool.ts); it
 * must therefore take and return plain data only.
 *
 * Most message schemas are self-contained (no `$ref`, no named subtypes): such schemas are
 * compiled many at a time, as the definitions of one document. json-schema-to-typescript's cost
 * is largely per call (option merging, dereferencing, normalising a fresh tree), so a batch of a
 * hundred costs about a third of a hundred calls. The output is split back per schema and is
 * byte-identical to compiling each alone (test/generators/emit/type-batch.test.ts proves it on
 * every schema of the example catalogs); anything else is compiled alone.
 */
import type * as J2ts from 'json-schema-to-typescript';
import { jsdoc } from '../../templates/text.js';
import { formatTypeScript, withSemicolons } from './format.js';
import { schemaErrorKinds } from '../model/schema-safety.js';
import { HAS_OWN_PROPERTY_PLACEHOLDER, schemaForTypes } from './schema-for-types.js';

export interface DeclarationJob extends SchemaJob {
  readonly name: string;
  readonly doc: readonly string[];
}

/** A job's outcome; errors travel as text because results cross a thread boundary. */
export type DeclarationResult = { readonly text: string } | { readonly error: string };

const FALLBACK = 'Readonly<Record<string, unknown>>';
const PLACEHOLDER = 'CatwirePlannedRootType';
/** Schemas per batch: beyond ~100 the saving flattens while a worker's share gets lumpier. */
export const BATCH_SIZE = 100;

const OPTIONS = {
  bannerComment: '',
  format: false,
  additionalProperties: true,
  unknownAny: true,
  strictIndexSignatures: false,
  declareExternallyReferenced: true,
  // minItems would become tuple types ([T, ...T[]]) that plain arrays do not satisfy; the
  // runtime validates the bounds anyway.
  ignoreMinAndMaxItems: true,
} as const;

/**
 * json-schema-to-typescript, loaded on first use: a run whose types compile on worker threads
 * (or are all reused) never needs it on the main thread, where loading it is start-up time.
 */
let j2ts: Promise<typeof J2ts> | undefined;
const compile: typeof J2ts.compile = async (...args) => (await (j2ts ??= import('json-schema-to-typescript'))).compile(...args);

/** A schema to compile; naming and documenting the result is a later, cheap step. */
export interface SchemaJob {
  /** The JSON Schema, or undefined for a message without one (typed as a plain object). */
  readonly schema: unknown;
  /** Folder the schema's relative `$ref`s resolve against. */
  readonly cwd: string;
  /**
   * Root definitions (by key under `definitions` or `$defs`) declared once in a shared type
   * module (shared-types.ts): the declarations refer to them by these names, and the module
   * imports them.
   */
  readonly shared?: Readonly<Record<string, string>> | undefined;
}

/**
 * A schema compiled under a placeholder name: what `nameDeclarations` turns into the final text
 * once the plan has decided the name. Plain data, so it can stay in the worker that made it.
 */
export type CompiledSchema =
  | { readonly body: string; readonly placeholder: string; readonly description: string | undefined }
  /** No JSON Schema: typed as a plain object. */
  | { readonly fallback: true }
  | { readonly error: string };

interface Prepared {
  /** The schema without its root title and description: the plan names and documents the type. */
  readonly rest: Record<string, unknown>;
  readonly description: string | undefined;
}

function prepare(job: SchemaJob): Prepared | undefined {
  if (!job.schema || typeof job.schema !== 'object') return undefined;
  // A schema the model refuses as unbounded (CW049: too deep, or a cycle that never nests, which
  // would print as a circular alias) types as a plain object, for `generate --partial`.
  if (schemaErrorKinds(job.schema).has('unbounded-schema')) return undefined;
  // What prints as code is cut out first (schema-for-types.ts).
  const schema = schemaForTypes(job.schema);
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const { title: _title, description, ...rest } = schema as Record<string, unknown>;
  if (job.shared) withSharedDefinitions(rest, job.shared);
  return { rest, description: typeof description === 'string' ? description : undefined };
}

/**
 * A shared definition is replaced by a type json-schema-to-typescript pastes as written: it
 * declares it as `export type <Name> = <placeholder>`, which nameDeclarations removes (the name
 * is imported instead). Only catwire writes this `tsType`: the catalog's are dropped before.
 */
const SHARED_PLACEHOLDER = 'CatwireSharedType_';

function withSharedDefinitions(rest: Record<string, unknown>, shared: Readonly<Record<string, string>>): void {
  for (const container of ['definitions', '$defs']) {
    const defs = rest[container];
    if (!defs || typeof defs !== 'object' || Array.isArray(defs)) continue;
    const copy: Record<string, unknown> = { ...(defs as Record<string, unknown>) };
    for (const [key, name] of Object.entries(shared)) if (Object.hasOwn(copy, key)) copy[key] = { tsType: `${SHARED_PLACEHOLDER}${name}` };
    rest[container] = copy;
  }
}

/** The alias json-schema-to-typescript declared for each shared definition goes; the rest of the text names the shared type. */
function withoutSharedAliases(body: string): string {
  if (!body.includes(SHARED_PLACEHOLDER)) return body;
  return body
    .replace(new RegExp(`^export type ([\\w$]+) = ${SHARED_PLACEHOLDER}([\\w$]+)\\n`, 'gm'), (_line, alias: string, name: string) =>
      alias === name ? '' : `export type ${alias} = ${name}\n`,
    )
    .replaceAll(SHARED_PLACEHOLDER, '');
}

/** Names the declaration as the plan decided, adds the doc comment, formats. */
export function nameDeclarations(compiled: CompiledSchema, name: string, doc: readonly string[]): DeclarationResult {
  // A schema json-schema-to-typescript refuses (the model reports why, e.g. CW010 for a $ref to
  // nothing) types as a plain object, so `generate --partial` still writes code that compiles.
  if ('error' in compiled) {
    const reason = `No type: json-schema-to-typescript could not compile the schema (${(compiled.error.split('\n')[0] ?? '').slice(0, 200)}).`;
    return { text: `${jsdoc([...doc, '', reason])}export type ${name} = ${FALLBACK};` };
  }
  if ('fallback' in compiled) return { text: `${jsdoc(doc)}export type ${name} = ${FALLBACK};` };
  const lines = compiled.description === undefined ? doc : doc.length === 0 ? [compiled.description] : [...doc, '', compiled.description];
  const body = renameDeclarations(withoutSharedAliases(compiled.body), compiled.placeholder, name)
    .replaceAll(HAS_OWN_PROPERTY_PLACEHOLDER, 'hasOwnProperty')
    // Property names and literal types are printed with JSON.stringify: a source-map URL in one
    // gets its `=` escaped (the same string), so no tool scanning the file follows it.
    .replace(/(source(?:Mapping)?URL)=/g, '$1\\u003d');
  // The doc belongs to the message's own type, which a recursive schema may print after the
  // types it refers to.
  const at = body.search(new RegExp(`^export (?:interface|type) ${name}\\b`, 'm'));
  const text = at > 0 && !body.slice(0, at).trimEnd().endsWith('*/') ? `${body.slice(0, at)}${jsdoc(lines)}${body.slice(at)}` : `${jsdoc(lines)}${body}`;
  return { text: formatTypeScript(withSemicolons(text)) };
}

/**
 * The root declaration gets its planned name. A type json-schema-to-typescript declared from a
 * nested title may already hold that name (a property titled like the message), or the name the
 * module imports (`JsonSchema`): that one is renamed first, to the first free numbered name.
 */
function renameDeclarations(body: string, placeholder: string, name: string): string {
  const declared = new Set([...body.matchAll(/^export (?:interface|type|enum|const enum) ([\w$]+)/gm)].map((m) => m[1] as string));
  let text = body;
  for (const taken of [name, 'JsonSchema']) {
    if (!declared.has(taken)) continue;
    let n = 2;
    while (declared.has(`${taken}${n}`) || `${taken}${n}` === name) n++;
    declared.add(`${taken}${n}`);
    text = renameIdentifier(text, taken, `${taken}${n}`);
  }
  return renameIdentifier(text, placeholder, name);
}

/**
 * Renames an identifier in json-schema-to-typescript's output: as a word of code and inside its
 * doc comments (which name types, as in "referenced by `Name`"), never inside string literals
 * (property names, literal types: always double-quoted JSON).
 */
export function renameIdentifier(text: string, from: string, to: string): string {
  if (!text.includes(from)) return text;
  const inComment = new RegExp(`(?<![\\w$])${from.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  // Strings match as a whole and come back unchanged; comments are renamed word by word.
  return text.replace(/"(?:[^"\\\n]|\\.)*"|\/\*[\s\S]*?\*\/|[A-Za-z_$][\w$]*/g, (token) =>
    token === from ? to : token.startsWith('/*') ? token.replace(inComment, () => to) : token,
  );
}

/** One schema compiled on its own; json-schema-to-typescript re-cases the name it is given, hence the placeholder. */
async function compileAlone(job: SchemaJob): Promise<CompiledSchema> {
  const prepared = prepare(job);
  if (!prepared) return { fallback: true };
  try {
    const body = await compile(prepared.rest as never, PLACEHOLDER, { ...OPTIONS, cwd: job.cwd });
    return { body, placeholder: PLACEHOLDER, description: prepared.description };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function typeDeclarations(job: DeclarationJob): Promise<string> {
  const result = nameDeclarations(await compileAlone(job), job.name, job.doc);
  if ('error' in result) throw new Error(result.error);
  return result.text;
}

/** Every job's declarations, in order. */
export async function typeDeclarationsBatch(jobs: readonly DeclarationJob[]): Promise<DeclarationResult[]> {
  const compiled = await compileSchemas(jobs);
  return jobs.map((job, i) => nameDeclarations(compiled[i] as CompiledSchema, job.name, job.doc));
}

/** Every schema compiled, in order; self-contained ones in batches. */
export async function compileSchemas(jobs: readonly SchemaJob[]): Promise<CompiledSchema[]> {
  const results: CompiledSchema[] = new Array(jobs.length);
  const batchable: { index: number; prepared: Prepared }[] = [];
  for (const [index, job] of jobs.entries()) {
    const prepared = prepare(job);
    if (prepared && selfContained(prepared.rest)) batchable.push({ index, prepared });
    else results[index] = await compileAlone(job);
  }
  for (let start = 0; start < batchable.length; start += BATCH_SIZE) {
    const chunk = batchable.slice(start, start + BATCH_SIZE);
    const bodies = await compileTogether(chunk.map((c) => c.prepared.rest));
    for (const [k, { index, prepared }] of chunk.entries()) {
      const body = bodies?.[k];
      // A batch json-schema-to-typescript refused (or split unexpectedly) is compiled schema by
      // schema, so an error is reported for the schema that has it.
      results[index] =
        body === undefined ? await compileAlone(jobs[index] as SchemaJob) : { body, placeholder: batchName(k), description: prepared.description };
    }
  }
  return results;
}

const batchName = (k: number) => `${PLACEHOLDER}${k}`;

/**
 * A batch holds self-contained schemas only (no `$ref`, no `$id`), so the reference resolver
 * has nothing to find; left alone it still walks every node and builds a JSON Pointer for each
 * (about a tenth of the batch's cost). It is told to look at the root alone.
 */
const NOTHING_TO_RESOLVE = {
  resolve: { external: false },
  dereference: { excludedPathMatcher: (pointer: string) => pointer !== '#' },
};
const BATCH_ROOT = 'CatwireBatchRoot';

/** One compile for several schemas (as definitions), split back per schema; undefined when that fails. */
async function compileTogether(schemas: readonly Record<string, unknown>[]): Promise<string[] | undefined> {
  // Objects shared by two schemas of a batch (one schema used by two messages, or a part of
  // it) need no copying: json-schema-to-typescript prints an untitled object inline wherever it
  // is reached, as it would compiling each schema alone (type-batch.test.ts covers both cases).
  // Object.assign, not `{ ...rest, title }`, which in V8 gives each schema a hidden class of its
  // own and makes json-schema-to-typescript's every read of it a slow one (measured together
  // with the model's objects: see generators/model/kinds.ts).
  const definitions = Object.fromEntries(schemas.map((rest, k) => [batchName(k), Object.assign({}, rest, { title: batchName(k) })]));
  let text: string;
  try {
    text = await compile({ definitions } as never, BATCH_ROOT, { ...OPTIONS, unreachableDefinitions: true, $refOptions: NOTHING_TO_RESOLVE });
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const starts: { k: number; line: number }[] = [];
  const declaration = new RegExp(`^export (?:interface|type) ${PLACEHOLDER}(\\d+)\\b`);
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('export ')) starts.push({ k: Number(declaration.exec(line)?.[1] ?? -1), line: i });
  }
  const bodies: string[] = [];
  for (const [n, { k, line }] of starts.entries()) {
    if (k < 0) continue;
    const end = starts[n + 1] ? commentStart(lines, (starts[n + 1] as { line: number }).line) : lines.length;
    let last = end;
    while (last > line && (lines[last - 1] as string).trim() === '') last--;
    bodies[k] = `${withoutBatchNote(lines.slice(commentStart(lines, line), last), k).join('\n')}\n`;
  }
  return bodies.length === schemas.length && schemas.every((_, k) => bodies[k] !== undefined) ? bodies : undefined;
}

/**
 * json-schema-to-typescript notes in the doc comment of every definition that it was reached
 * through the batch's root: a remark about the batch, not the schema, so it goes (with the blank
 * line before it, and the comment itself if nothing else is in it).
 */
function withoutBatchNote(lines: readonly string[], k: number): string[] {
  const note = [` * This interface was referenced by \`${BATCH_ROOT}\`'s JSON-Schema`, ` * via the \`definition\` "${batchName(k)}".`];
  const at = lines.findIndex((line, i) => line === note[0] && lines[i + 1] === note[1]);
  if (at < 0) return [...lines];
  const out = [...lines];
  // The note is joined to the rest of the comment by a blank line, before or after it.
  const blank = (line: string | undefined) => line?.trimEnd() === ' *';
  if (blank(out[at - 1])) out.splice(at - 1, 3);
  else if (blank(out[at + 2])) out.splice(at, 3);
  else out.splice(at, 2);
  const open = out.lastIndexOf('/**', at);
  if (open >= 0 && out[open + 1] === ' */') out.splice(open, 2);
  return out;
}

/** The first line of the doc comment right above a declaration (or the declaration's line). */
function commentStart(lines: readonly string[], line: number): number {
  if (!(lines[line - 1] ?? '').trimEnd().endsWith('*/')) return line;
  let i = line - 1;
  while (i > 0 && !(lines[i] as string).trimStart().startsWith('/**')) i--;
  return i;
}

/** Whether the job's schema is compiled together with others (exported for tests). */
export function compilesInBatch(job: SchemaJob): boolean {
  const prepared = prepare(job);
  return prepared !== undefined && selfContained(prepared.rest);
}

/**
 * Whether json-schema-to-typescript prints the schema as ONE declaration that depends on nothing
 * else: no references, no ids, no nested titles or enum names (those become declarations of
 * their own), no definitions. Conservative: a string `title` anywhere (even inside a default)
 * sends the schema down the one-at-a-time path.
 */
function selfContained(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(selfContained);
  if (!value || typeof value !== 'object') return true;
  for (const [key, child] of Object.entries(value)) {
    if (NAMING_KEYWORDS.has(key)) return false;
    if ((key === 'title' || key === 'id') && typeof child === 'string') return false;
    if (!selfContained(child)) return false;
  }
  return true;
}

const NAMING_KEYWORDS = new Set(['$ref', '$id', 'definitions', '$defs', 'tsEnumNames']);
