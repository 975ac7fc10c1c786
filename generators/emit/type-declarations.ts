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

interface Prepared {
  /** The schema without its root title and description: the plan names and documents the type. */
  readonly rest: Record<string, unknown>;
  readonly doc: readonly string[];
}

function prepare(job: DeclarationJob): Prepared | undefined {
  const { schema, doc } = job;
  if (!schema || typeof schema !== 'object') return undefined;
  const { title: _title, description, ...rest } = schema as Record<string, unknown>;
  return { rest, doc: typeof description === 'string' ? [...doc, '', description] : doc };
}

/** Names the declaration as the plan decided, adds the doc comment, formats. */
function finish(body: string, placeholder: string, job: DeclarationJob, prepared: Prepared): string {
  return formatTypeScript(`${jsdoc(prepared.doc)}${body.replace(new RegExp(`\\b${placeholder}\\b`, 'g'), job.name)}`);
}

export async function typeDeclarations(job: DeclarationJob): Promise<string> {
  const prepared = prepare(job);
  if (!prepared) return `${jsdoc(job.doc)}export type ${job.name} = ${FALLBACK};`;
  // json-schema-to-typescript re-cases the name it is given; compile under a placeholder and
  // rename, so the type is called exactly what the plan decided.
  const body = await compile(prepared.rest as never, PLACEHOLDER, { ...OPTIONS, cwd: job.cwd });
  return finish(body, PLACEHOLDER, job, prepared);
}

/** Every job's declarations, in order; self-contained schemas are compiled in batches. */
export async function typeDeclarationsBatch(jobs: readonly DeclarationJob[]): Promise<DeclarationResult[]> {
  const results: DeclarationResult[] = new Array(jobs.length);
  const alone = async (i: number) => {
    try {
      results[i] = { text: await typeDeclarations(jobs[i] as DeclarationJob) };
    } catch (error) {
      results[i] = { error: error instanceof Error ? error.message : String(error) };
    }
  };
  const batchable: { index: number; prepared: Prepared }[] = [];
  for (const [index, job] of jobs.entries()) {
    const prepared = prepare(job);
    if (prepared && selfContained(prepared.rest)) batchable.push({ index, prepared });
    else await alone(index);
  }
  for (let start = 0; start < batchable.length; start += BATCH_SIZE) {
    const chunk = batchable.slice(start, start + BATCH_SIZE);
    const bodies = await compileTogether(chunk.map((c) => c.prepared.rest));
    for (const [k, { index, prepared }] of chunk.entries()) {
      const body = bodies?.[k];
      // A batch json-schema-to-typescript refused (or split unexpectedly) is compiled schema by
      // schema, so an error is reported for the schema that has it.
      if (body === undefined) await alone(index);
      else results[index] = { text: finish(body, batchName(k), jobs[index] as DeclarationJob, prepared) };
    }
  }
  return results;
}

const batchName = (k: number) => `${PLACEHOLDER}${k}`;
const BATCH_ROOT = 'CatwireBatchRoot';

/** One compile for several schemas (as definitions), split back per schema; undefined when that fails. */
async function compileTogether(schemas: readonly Record<string, unknown>[]): Promise<string[] | undefined> {
  // structuredClone: a schema object used twice (two messages, one schema) must stay two types,
  // while references inside one schema stay shared as they would be when compiled alone.
  const definitions = Object.fromEntries(schemas.map((rest, k) => [batchName(k), { ...structuredClone(rest), title: batchName(k) }]));
  let text: string;
  try {
    text = await compile({ definitions } as never, BATCH_ROOT, { ...OPTIONS, unreachableDefinitions: true });
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
export function compilesInBatch(job: DeclarationJob): boolean {
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
