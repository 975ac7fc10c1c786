/**
 * Running declaration jobs: in this thread for small catalogs (a worker costs ~0.5 s to start),
 * on a pool of worker threads for large ones, so json-schema-to-typescript uses every core.
 * Results come back by job id, so output order — and bytes — do not depend on the pool.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { typeDeclarations, type DeclarationJob } from './type-declarations.js';

export interface DeclarationRunner {
  run(job: DeclarationJob): Promise<string>;
  close(): Promise<void>;
}

/** Below this many jobs the pool's start-up costs more than it saves. */
export const POOL_THRESHOLD = 400;

export function declarationRunner(jobs: number): DeclarationRunner {
  const workerFile = new URL('./type-worker.js', import.meta.url);
  // From TypeScript sources (tests) a worker could not load its module: stay in this thread.
  const fromSource = import.meta.url.endsWith('.ts');
  const size = Math.min(2, availableParallelism());
  if (jobs < POOL_THRESHOLD || fromSource || size < 2) return { run: typeDeclarations, close: async () => {} };

  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: size }, () => {
    // A worker inherits node's flags; --input-type (from `node -e`) would stop it loading its file.
    const worker = new Worker(workerFile, { execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')) });
    worker.on('message', (message: { id: number; text?: string; error?: string }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.text ?? '');
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    return worker;
  });
  let next = 0;
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        (workers[id % workers.length] as Worker).postMessage({ id, job });
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
