/**
 * Running declaration jobs: in this thread for small catalogs (a worker costs ~0.5 s to start),
 * on a pool of worker threads for large ones, so json-schema-to-typescript uses every core.
 * Jobs asked for in the same tick are sent as batches (type-declarations.ts compiles
 * self-contained schemas together; one message per batch also keeps thread hops few).
 * Results come back by job id, so output order — and bytes — do not depend on the pool.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BATCH_SIZE, typeDeclarationsBatch, type DeclarationJob, type DeclarationResult } from './type-declarations.js';

export interface DeclarationRunner {
  run(job: DeclarationJob): Promise<string>;
  close(): Promise<void>;
}

/** Below this many jobs the pool's start-up costs more than it saves. */
export const POOL_THRESHOLD = 400;

interface Waiting {
  readonly job: DeclarationJob;
  resolve(text: string): void;
  reject(error: Error): void;
}

type Execute = (jobs: readonly DeclarationJob[]) => Promise<DeclarationResult[]>;

/** Collects the jobs of one tick, hands them to `execute` in batches, settles each job's promise. */
function batching(execute: Execute, close: () => Promise<void>): DeclarationRunner {
  let queue: Waiting[] = [];
  const flush = () => {
    const taken = queue;
    queue = [];
    for (let start = 0; start < taken.length; start += BATCH_SIZE) {
      const batch = taken.slice(start, start + BATCH_SIZE);
      execute(batch.map((w) => w.job)).then(
        (results) =>
          batch.forEach((w, i) => {
            const result = results[i];
            if (result && 'text' in result) w.resolve(result.text);
            else w.reject(new Error(result?.error ?? 'no result'));
          }),
        (error: unknown) => batch.forEach((w) => w.reject(error instanceof Error ? error : new Error(String(error)))),
      );
    }
  };
  return {
    run: (job) =>
      new Promise<string>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ job, resolve, reject });
        // A full batch leaves at once: the workers start while this thread renders the rest.
        if (queue.length === BATCH_SIZE) flush();
      }),
    close,
  };
}

export function declarationRunner(jobs: number): DeclarationRunner {
  if (jobs < POOL_THRESHOLD) return inThisThread();
  return startDeclarationPool() ?? inThisThread();
}

const inThisThread = () => batching(typeDeclarationsBatch, async () => {});

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

  const pending = new Map<number, { resolve: (results: DeclarationResult[]) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: size }, () => {
    // No inherited flags: V8 options (--max-semi-space-size …) make the Worker constructor throw,
    // and --input-type (from `node -e`) would stop it loading its file. The worker needs none.
    const worker = new Worker(workerFile, { execArgv: [] });
    worker.on('message', (message: { id: number; results?: DeclarationResult[]; error?: string }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.results ?? []);
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    return worker;
  });
  let next = 0;
  return batching(
    (batch) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        (workers[id % workers.length] as Worker).postMessage({ id, jobs: batch });
      }),
    async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  );
}
