/** Worker thread entry: turns batches of declaration jobs into TypeScript (see type-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { typeDeclarationsBatch, type DeclarationJob } from './type-declarations.js';

parentPort?.on('message', (message: { id: number; jobs: DeclarationJob[] }) => {
  typeDeclarationsBatch(message.jobs).then(
    (results) => parentPort?.postMessage({ id: message.id, results }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
