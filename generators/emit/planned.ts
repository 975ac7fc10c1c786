/**
 * Skipping unchanged work: every emitter describes its files as an input hash plus a render
 * function. A file whose hash matches the previous run's header (written by the same
 * generator) is reused as it is, so a no-op regeneration neither renders nor formats anything.
 */
import { createHash } from 'node:crypto';
import { inputHashOf } from '../../templates/header.js';
import type { GeneratedFile } from './files.js';
import { generatorFingerprint } from './fingerprint.js';

export interface PlannedFile {
  readonly path: string;
  /** Everything the content depends on, besides the generator's own code. */
  readonly input: unknown;
  /** Renders the finished file (header included) for the given input hash. */
  readonly render: (hash: string) => string | Promise<string>;
}

/**
 * Records which generator wrote the tree. Only a tree written by this very generator may be
 * reused; the fingerprint lives in this one file so that a new catwire version changes one
 * line in a diff, not every header.
 */
export const GENERATOR_FILE = '.catwire-generator';

export async function resolvePlanned(planned: readonly PlannedFile[], previous: ReadonlyMap<string, string> | undefined): Promise<GeneratedFile[]> {
  const manifest = `catwire generator ${generatorFingerprint()}\n`;
  const reusable = previous?.get(GENERATOR_FILE) === manifest ? previous : undefined;
  // Renders run concurrently, so asynchronous ones (type modules on a worker pool) overlap.
  const rendered = planned.map(async (file): Promise<GeneratedFile> => {
    const hash = createHash('sha1').update(file.path).update(JSON.stringify(file.input) ?? '').digest('hex');
    const before = reusable?.get(file.path);
    return { path: file.path, content: before !== undefined && inputHashOf(before) === hash ? before : await file.render(hash) };
  });
  return [{ path: GENERATOR_FILE, content: manifest }, ...(await Promise.all(rendered))];
}
