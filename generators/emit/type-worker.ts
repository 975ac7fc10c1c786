/** Worker thread entry: turns batches of declaration jobs into TypeScript (see type-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { typeDeclarationsBatch, type DeclarationJob } from './type-declarations.js';

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
  return typeDeclarationsBatch(Array.from({ length: 60 }, (_, i): DeclarationJob => ({ schema: schema(i), name: `Warm${i}`, doc: [], cwd: '.' })));
}

const warm = warmUp().catch(() => undefined);

parentPort?.on('message', (message: { id: number; jobs: DeclarationJob[] }) => {
  warm
    .then(() => typeDeclarationsBatch(message.jobs))
    .then(
      (results) => parentPort?.postMessage({ id: message.id, results }),
      (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
});
