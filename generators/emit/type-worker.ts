/** Worker thread entry: compiles schemas (see type-pool.ts). */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { compileSchemas, typeDeclarationsBatch, type CompiledSchema, type DeclarationJob, type DeclarationResult, type SchemaJob } from './type-declarations.js';

export type WorkerRequest =
  /** Compile ahead of naming: the reply carries each schema's compiled (unnamed) declarations. */
  | { readonly kind: 'compile'; readonly id: number; readonly jobs: readonly SchemaJob[] }
  /** Give back the later half of the compile batches not started yet (their ids in the reply). */
  | { readonly kind: 'release'; readonly id: number }
  | { readonly kind: 'declare'; readonly id: number; readonly jobs: readonly DeclarationJob[] };

export type WorkerReply =
  | { readonly id: number; readonly results: readonly DeclarationResult[] }
  | { readonly id: number; readonly compiled: readonly CompiledSchema[] }
  | { readonly id: number; readonly released: readonly number[] }
  | { readonly id: number; readonly error: string };

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
 * Work runs one batch at a time, in the order it arrived. Each batch waits for a turn of the
 * event loop, so that a batch's reply leaves as soon as it is done: chained on promises alone,
 * the whole queue would run as one stretch of microtasks.
 */
let queue: Promise<unknown> = warmUp().catch(() => undefined);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function then<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(nextTurn).then(work);
  queue = result.catch(() => undefined);
  return result;
}

/** Compile batches received and not started yet, in order: the ones a `release` may take back. */
const unstarted = new Set<number>();

parentPort?.on('message', (request: WorkerRequest) => {
  const { id } = request;
  if (request.kind === 'release') {
    const ids = [...unstarted];
    const released = ids.slice(Math.floor(ids.length / 2));
    for (const batch of released) unstarted.delete(batch);
    parentPort?.postMessage({ id, released } satisfies WorkerReply);
    return;
  }
  if (request.kind === 'compile') unstarted.add(id);
  const work: Promise<WorkerReply | undefined> =
    request.kind === 'compile'
      ? then(async () => (unstarted.delete(id) ? { id, compiled: await compileSchemas(request.jobs) } : undefined))
      : then(() => typeDeclarationsBatch(request.jobs)).then((results) => ({ id, results }));
  work.then(
    (reply) => reply && parentPort?.postMessage(reply),
    (error: unknown) => parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});
