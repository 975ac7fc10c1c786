/** Worker thread entry: compiles schemas and names their declarations (see type-pool.ts). */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { compileSchemas, nameDeclarations, typeDeclarationsBatch, type CompiledSchema, type DeclarationJob, type DeclarationResult, type SchemaJob } from './type-declarations.js';

export type WorkerRequest =
  /** Compile ahead; the results stay here under their keys until named. No reply. */
  | { readonly kind: 'compile'; readonly items: readonly (SchemaJob & { readonly key: number })[] }
  | { readonly kind: 'name'; readonly id: number; readonly items: readonly { readonly key: number; readonly name: string; readonly doc: readonly string[] }[] }
  | { readonly kind: 'declare'; readonly id: number; readonly jobs: readonly DeclarationJob[] };

export type WorkerReply = { readonly id: number; readonly results: readonly DeclarationResult[] } | { readonly id: number; readonly error: string };

/**
 * Until its first job arrives (while the main thread is still loading the catalog), the worker
 * runs json-schema-to-typescript on a few throwaway schemas: its first calls in a fresh thread
 * cost about twice the later ones, and this way the catalog's schemas do not pay for that.
 */
function warmUp(): Promise<unknown> {
  const schema = (i: number) => ({
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Identifier' },
      [`value${i}`]: { type: ['number', 'null'], minimum: 0 },
      state: { enum: ['a', 'b', `c${i}`] },
      items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } },
    },
  });
  return compileSchemas(Array.from({ length: 60 }, (_, i): SchemaJob => ({ schema: schema(i), cwd: '.' })));
}

if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // not allowed here: run at the main thread's priority
  }
}

/**
 * Work runs one batch at a time, in the order it arrived: compiles ahead first, as sent. Each
 * batch waits for a turn of the event loop: chained on promises alone, the whole queue would run
 * as one stretch of microtasks, and naming requests (answered as soon as their schemas are
 * compiled) would wait for the last batch — leaving the main thread to render and write every
 * type module after the workers are done, on one core.
 */
let queue: Promise<unknown> = warmUp().catch(() => undefined);
const compiled = new Map<number, Promise<CompiledSchema>>();
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function then<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(nextTurn).then(work);
  queue = result.catch(() => undefined);
  return result;
}

function reply(id: number, work: Promise<readonly DeclarationResult[]>): void {
  work.then(
    (results) => parentPort?.postMessage({ id, results } satisfies WorkerReply),
    (error: unknown) => parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
}

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.kind === 'compile') {
    const batch = then(() => compileSchemas(request.items));
    request.items.forEach((item, i) =>
      compiled.set(
        item.key,
        batch.then((results) => results[i] as CompiledSchema, (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })),
      ),
    );
  } else if (request.kind === 'name') {
    const items = request.items;
    reply(
      request.id,
      Promise.all(items.map((item) => compiled.get(item.key) ?? { error: `schema ${item.key} was never sent` })).then((all) =>
        all.map((c, i) => nameDeclarations(c, (items[i] as (typeof items)[number]).name, (items[i] as (typeof items)[number]).doc)),
      ),
    );
  } else reply(request.id, then(() => typeDeclarationsBatch(request.jobs)));
});
