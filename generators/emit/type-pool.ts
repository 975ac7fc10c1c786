/**
 * Running declaration jobs: in this thread for small catalogs (a worker costs ~0.5 s to start),
 * on a pool of worker threads for large ones, so json-schema-to-typescript uses every core.
 * Jobs asked for in the same tick are sent as batches (type-declarations.ts compiles
 * self-contained schemas together; one message per batch also keeps thread hops few).
 * Results come back by job id, so output order — and bytes — do not depend on the pool.
 *
 * A pool can also start compiling schemas before the plan has named their types (`prefetch`,
 * called while the catalog loads): the costly compile then overlaps loading and modelling, and
 * naming the result later (a placeholder replaced, the text indented) happens in this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  BATCH_SIZE, nameDeclarations, typeDeclarationsBatch, type CompiledSchema, type DeclarationJob, type DeclarationResult, type SchemaJob,
} from './type-declarations.js';
import type { WorkerReply, WorkerRequest } from './type-worker.js';

export interface DeclarationRunner {
  /** Starts compiling a schema whose declarations `run` will ask for (a no-op where nothing runs ahead). */
  prefetch(job: SchemaJob): void;
  run(job: DeclarationJob): Promise<string>;
  /** Stops the workers; the same promise however often it is called. */
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

  const pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: size }, () => {
    // No inherited flags: V8 options (--max-semi-space-size …) make the Worker constructor throw,
    // and --input-type (from `node -e`) would stop it loading its file. The worker needs none.
    const worker = new Worker(workerFile, { execArgv: [] });
    worker.on('message', (reply: WorkerReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply);
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
    new Promise<WorkerReply>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage(request(id));
    });
  const declare = batcher<DeclarationJob>(async (jobs) => {
    const reply = await ask(workers[nextWorker++ % workers.length] as Worker, (id) => ({ kind: 'declare', id, jobs }));
    return 'results' in reply ? reply.results : [];
  });

  // Prefetched schemas, by identity: their compiled declarations, named here once planned.
  const prefetched = new Map<unknown, { readonly cwd: string; readonly compiled: Promise<CompiledSchema> }>();
  // The compile batches each worker holds, by request id. A new batch goes to the worker that
  // holds fewer. The two run at different speeds (their share of the cores varies), so one may
  // run dry while the other still holds several: that one is then asked to give back those it
  // has not started, which go to the idle one, and the two finish close together.
  const held = workers.map(() => new Map<number, Batch>());
  let lending = false;
  const send = (batch: Batch, w: number) => {
    const id = nextId++;
    const settleAll = (each: (i: number) => CompiledSchema) => batch.settle.forEach((settle, i) => settle(each(i)));
    held[w]?.set(id, batch);
    pending.set(id, {
      resolve: (reply) => {
        held[w]?.delete(id);
        settleAll((i) => ('compiled' in reply ? reply.compiled[i] : undefined) ?? { error: 'no result' });
        rebalance();
      },
      reject: (error) => {
        held[w]?.delete(id);
        settleAll(() => ({ error: error.message }));
      },
    });
    (workers[w] as Worker).postMessage({ kind: 'compile', id, jobs: batch.jobs } satisfies WorkerRequest);
  };
  const rebalance = () => {
    const idle = held.findIndex((batches) => batches.size === 0);
    const busy = held.findIndex((batches) => batches.size > 1);
    if (lending || idle < 0 || busy < 0) return;
    lending = true;
    ask(workers[busy] as Worker, (id) => ({ kind: 'release', id })).then(
      (reply) => {
        lending = false;
        for (const id of 'released' in reply ? reply.released : []) {
          const batch = held[busy]?.get(id);
          held[busy]?.delete(id);
          pending.delete(id); // the worker will not answer it
          if (batch) send(batch, idle);
        }
      },
      () => (lending = false),
    );
  };
  let forming: Batch | undefined;
  const formed = () => {
    if (forming) send(forming, held.reduce((best, batches, w) => (batches.size < (held[best] as Map<number, Batch>).size ? w : best), 0));
    forming = undefined;
  };

  let closing: Promise<void> | undefined;
  return {
    prefetch: (job) => {
      if (!job.schema || typeof job.schema !== 'object' || prefetched.has(job.schema)) return;
      if (!forming) {
        forming = { jobs: [], settle: [] };
        setImmediate(formed);
      }
      const batch = forming;
      batch.jobs.push({ schema: job.schema, cwd: job.cwd });
      prefetched.set(job.schema, { cwd: job.cwd, compiled: new Promise((resolve) => batch.settle.push(resolve)) });
      if (batch.jobs.length === BATCH_SIZE) formed();
    },
    run: (job) => {
      const sent = prefetched.get(job.schema);
      // A job with shared definitions compiles another schema than the one prefetched.
      if (sent && sent.cwd === job.cwd && !job.shared) return sent.compiled.then((compiled) => textOf(nameDeclarations(compiled, job.name, job.doc)));
      return declare(job).then(textOf);
    },
    close: () => (closing ??= Promise.all(workers.map((w) => w.terminate())).then(() => undefined)),
  };
}

interface Batch {
  readonly jobs: SchemaJob[];
  /** Per job, what receives its compiled declarations. */
  readonly settle: ((compiled: CompiledSchema) => void)[];
}
