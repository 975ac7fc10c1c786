/**
 * Running declaration jobs: in this thread for small catalogs (a worker costs ~0.5 s to start),
 * on a pool of worker threads for large ones, so json-schema-to-typescript uses every core.
 * Jobs asked for in the same tick are sent as batches (type-declarations.ts compiles
 * self-contained schemas together; one message per batch also keeps thread hops few).
 * Results come back by job id, so output order — and bytes — do not depend on the pool.
 *
 * A pool can also start compiling schemas before the plan has named their types (`prefetch`,
 * called while the catalog loads): the costly compile then overlaps loading and modelling, and
 * naming the result later is a small request to the worker that holds it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BATCH_SIZE, typeDeclarationsBatch, type DeclarationJob, type DeclarationResult, type SchemaJob } from './type-declarations.js';
import type { WorkerReply, WorkerRequest } from './type-worker.js';

export interface DeclarationRunner {
  /** Starts compiling a schema whose declarations `run` will ask for (a no-op where nothing runs ahead). */
  prefetch(job: SchemaJob): void;
  run(job: DeclarationJob): Promise<string>;
  close(): Promise<void>;
}

/** Below this many jobs the pool's start-up costs more than it saves. */
export const POOL_THRESHOLD = 400;

interface Waiting<T> {
  readonly item: T;
  resolve(result: DeclarationResult): void;
  reject(error: Error): void;
}

/**
 * Collects the items of one tick and hands them to `execute` in batches of BATCH_SIZE (a full
 * batch leaves at once, so the workers start while this thread goes on).
 */
function batcher<T>(execute: (items: readonly T[]) => Promise<readonly DeclarationResult[]>): (item: T) => Promise<DeclarationResult> {
  let queue: Waiting<T>[] = [];
  const flush = () => {
    const taken = queue;
    queue = [];
    if (taken.length === 0) return;
    execute(taken.map((w) => w.item)).then(
      (results) => taken.forEach((w, i) => w.resolve(results[i] ?? { error: 'no result' })),
      (error: unknown) => taken.forEach((w) => w.reject(error instanceof Error ? error : new Error(String(error)))),
    );
  };
  return (item) =>
    new Promise<DeclarationResult>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ item, resolve, reject });
      if (queue.length === BATCH_SIZE) flush();
    });
}

const textOf = (result: DeclarationResult): string => {
  if ('error' in result) throw new Error(result.error);
  return result.text;
};

export function declarationRunner(jobs: number): DeclarationRunner {
  if (jobs < POOL_THRESHOLD) return inThisThread();
  return startDeclarationPool() ?? inThisThread();
}

function inThisThread(): DeclarationRunner {
  const declare = batcher(typeDeclarationsBatch);
  return { prefetch: () => {}, run: (job) => declare(job).then(textOf), close: async () => {} };
}

/**
 * A pool of worker threads, started ahead of need: the caller knows early that the catalog is
 * large and starts it before loading, so the workers load json-schema-to-typescript and warm
 * its code paths up (type-worker.ts) on the core that loading leaves idle. Undefined where a
 * pool cannot help (one core, or running from TypeScript sources, whose workers could not load).
 */
export function startDeclarationPool(): DeclarationRunner | undefined {
  const workerFile = new URL('./type-worker.js', import.meta.url);
  const fromSource = import.meta.url.endsWith('.ts');
  const size = Math.min(2, availableParallelism());
  if (fromSource || size < 2) return undefined;

  const pending = new Map<number, { resolve: (results: readonly DeclarationResult[]) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: size }, () => {
    // No inherited flags: V8 options (--max-semi-space-size …) make the Worker constructor throw,
    // and --input-type (from `node -e`) would stop it loading its file. The worker needs none.
    const worker = new Worker(workerFile, { execArgv: [] });
    worker.on('message', (reply: WorkerReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.results);
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    return worker;
  });

  let nextId = 0;
  let nextWorker = 0;
  const ask = (worker: Worker, request: (id: number) => WorkerRequest) =>
    new Promise<readonly DeclarationResult[]>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage(request(id));
    });
  const roundRobin = () => workers[nextWorker++ % workers.length] as Worker;

  // Prefetched schemas, by identity: which worker compiles each, under which key.
  const prefetched = new Map<unknown, { readonly key: number; readonly cwd: string; readonly worker: number }>();
  let prefetchQueue: (SchemaJob & { key: number })[] = [];
  let queueWorker = 0;
  const sendPrefetched = () => {
    const items = prefetchQueue;
    prefetchQueue = [];
    if (items.length > 0) (workers[queueWorker] as Worker).postMessage({ kind: 'compile', items } satisfies WorkerRequest);
  };

  const declare = batcher<DeclarationJob>((jobs) => ask(roundRobin(), (id) => ({ kind: 'declare', id, jobs })));
  // Naming requests go to the worker holding the compiled schema: one batcher per worker.
  const name = workers.map((worker) =>
    batcher<{ key: number; name: string; doc: readonly string[] }>((items) => ask(worker, (id) => ({ kind: 'name', id, items }))),
  );

  return {
    prefetch: (job) => {
      if (!job.schema || typeof job.schema !== 'object' || prefetched.has(job.schema)) return;
      if (prefetchQueue.length === 0) {
        queueWorker = nextWorker++ % workers.length;
        setImmediate(sendPrefetched);
      }
      const key = prefetched.size;
      prefetched.set(job.schema, { key, cwd: job.cwd, worker: queueWorker });
      prefetchQueue.push({ schema: job.schema, cwd: job.cwd, key });
      if (prefetchQueue.length === BATCH_SIZE) sendPrefetched();
    },
    run: (job) => {
      const sent = prefetched.get(job.schema);
      const result =
        sent && sent.cwd === job.cwd
          ? (name[sent.worker] as (typeof name)[number])({ key: sent.key, name: job.name, doc: job.doc })
          : declare(job);
      return result.then(textOf);
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
