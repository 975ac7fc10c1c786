/** Worker thread entry: turns declaration jobs into TypeScript (see type-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { typeDeclarations, type DeclarationJob } from './type-declarations.js';

parentPort?.on('message', (message: { id: number; job: DeclarationJob }) => {
  typeDeclarations(message.job).then(
    (text) => parentPort?.postMessage({ id: message.id, text }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
