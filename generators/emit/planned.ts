/**
 * Skipping unchanged work: emitters describe files as a render function and, where rendering
 * is costly (type modules: json-schema-to-typescript), its inputs. The header of such a file
 * records the hash of its inputs and of its body; a file whose inputs did not change and whose
 * body nobody edited (written by the same generator) is reused as it is, so a no-op
 * regeneration compiles nothing — and a hand-edited file is always rendered again, so `--check`
 * reports it. The other files cost about as much to render as their inputs would to hash, so
 * they are rendered on every run and carry no stamp.
 */
import { hash } from 'node:crypto';
import { inputHashOf } from '../../templates/header.js';
import type { GeneratedFile } from './files.js';
import { generatorFingerprint } from './fingerprint.js';

export interface PlannedFile {
  readonly path: string;
  /** For a file worth not rendering again: everything its content depends on, besides the generator's own code. */
  readonly input?: unknown;
  /** The stable header, carrying the file's stamp (`<input hash>.<body hash>`) when it has inputs. */
  readonly header: (stamp?: string) => string;
  /** Renders the body (everything after the header). */
  readonly render: () => string | Promise<string>;
}

const sha1 = (text: string) => hash('sha1', text);

/** The previous content, if its inputs are the same and its body is what the header says. */
function reusable(file: PlannedFile, inputHash: string, before: string | undefined): string | undefined {
  const stamp = before === undefined ? undefined : inputHashOf(before);
  if (!before || !stamp?.startsWith(`${inputHash}.`)) return undefined;
  const header = file.header(stamp);
  return before.startsWith(header) && sha1(before.slice(header.length)) === stamp.slice(inputHash.length + 1) ? before : undefined;
}

/**
 * Records which generator wrote the tree. Only a tree written by this very generator may be
 * reused; the fingerprint lives in this one file so that a new catwire version changes one
 * line in a diff, not every header.
 */
export const GENERATOR_FILE = '.catwire-generator';

const manifest = () => `catwire generator ${generatorFingerprint()}\n`;

/** Whether some file of the previous tree may be reused: only when this very generator wrote it. */
export function reusableTree(previous: ReadonlyMap<string, string> | undefined): boolean {
  return previous?.get(GENERATOR_FILE) === manifest();
}

export async function resolvePlanned(
  planned: readonly PlannedFile[],
  previous: ReadonlyMap<string, string> | undefined,
  onFile: (file: GeneratedFile) => void = () => {},
): Promise<GeneratedFile[]> {
  const sameGenerator = reusableTree(previous) ? previous : undefined;
  const ready = (file: GeneratedFile) => (onFile(file), file);
  // Renders run concurrently, so asynchronous ones (type modules on a worker pool) overlap. A
  // file rendered synchronously is handed on at once, not after an await: otherwise every such
  // file of the catalog is held in memory until all are rendered, which costs the garbage
  // collector more than rendering them.
  const rendered = planned.map(async (file): Promise<GeneratedFile> => {
    if (file.input === undefined) {
      const body = file.render();
      return ready({ path: file.path, content: file.header() + (typeof body === 'string' ? body : await body) });
    }
    const inputHash = sha1(`${file.path}\n${JSON.stringify(file.input)}`);
    const kept = reusable(file, inputHash, sameGenerator?.get(file.path));
    if (kept !== undefined) return ready({ path: file.path, content: kept });
    const body = await file.render();
    return ready({ path: file.path, content: file.header(`${inputHash}.${sha1(body)}`) + body });
  });
  return [ready({ path: GENERATOR_FILE, content: manifest() }), ...(await Promise.all(rendered))];
}
