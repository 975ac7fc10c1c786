/**
 * The no-op fast path of `generate`. A successful run leaves a record: one digest of everything
 * it depends on — the catalog folder's files, the handler stubs and the output folder as the run
 * left them, the resolved options and catwire's own code — plus the diagnostics it printed.
 * When the next run computes the same digest, nothing it would read has changed, so it would
 * write nothing: it prints the recorded diagnostics and stops, without loading, modelling or
 * emitting anything (reading and hashing the files is a fraction of the full run).
 *
 * The digest hashes contents, not modification times: a checkout, a `touch` or a clock change
 * cannot fake a match. The record lives in this machine's cache folder, never in the project:
 * `generate --check` trusts a matching record, and one that a pull request could commit (say in
 * `node_modules/.cache`, or through a committed link there) would have it report a tampered
 * output folder "up to date". Deleting it only costs one full run.
 */
import { createHash, hash as hashOnce, type Hash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatorFingerprint } from '../generators/emit/fingerprint.js';
import { readConfined } from '../generators/load/confine.js';
import { IGNORED_IN_CATALOG } from '../generators/load/discover.js';
import { listCatalog } from '../generators/load/listing.js';
import { relativePosix } from './paths.js';
import { listTree, readFileBytes } from './tree.js';

export interface RunRecord {
  readonly digest: string;
  /** Everything the run printed on stderr (diagnostics, skipped services), replayed as is. */
  readonly err: string;
  /** Files in the output folder, for the summary line. */
  readonly files: number;
}

export interface DigestInput {
  readonly cwd: string;
  readonly options: unknown;
  readonly catalog: string;
  readonly out: string;
  readonly handlers: string;
}

/** The record of the runs into `out`, in `cacheHome` (the machine's cache folder, see `Io`). */
export function recordFile(cacheHome: string, out: string): string {
  const id = createHash('sha1').update(path.resolve(out)).digest('hex').slice(0, 16);
  return path.join(cacheHome, 'catwire', `generate-${id}.json`);
}

export function readRecord(file: string): RunRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunRecord>;
    if (typeof record.digest !== 'string' || typeof record.err !== 'string' || typeof record.files !== 'number') return undefined;
    return record as RunRecord;
  } catch {
    return undefined; // missing or unreadable: a full run rewrites it
  }
}

export function writeRecord(file: string, record: RunRecord): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(record));
    renameSync(temporary, file);
  } catch {
    // A read-only project still generates; it only misses the fast path next time.
  }
}

/** The catalog folder's files, as the digest sees them: all but what the loader never reads and the folders digested on their own. */
export function catalogFiles(input: DigestInput): string[] {
  const inside = (dir: string) => {
    const rel = relativePosix(input.catalog, dir);
    return rel !== '.' && !rel.startsWith('..') && !path.isAbsolute(rel) ? [`${rel}/**`] : [];
  };
  // The loader's own listing: linked folders are listed, not walked (they may lead outside or loop).
  return [...listCatalog(input.catalog, [...IGNORED_IN_CATALOG, ...inside(input.out), ...inside(input.handlers)]).files];
}

/**
 * The catalog folder's files (sorted) and the bytes of those that may be read, read once: for
 * the digest, then for loading. A file the confinement rule refuses (a link leading outside, a
 * FIFO, one too large) stays listed without content: loading then reports it.
 */
export interface CatalogSnapshot {
  readonly files: readonly string[];
  readonly contents: ReadonlyMap<string, Buffer>;
}

/** The files of `catalogFiles` (listed by the caller, or here), read. */
export function catalogSnapshot(input: DigestInput, files: readonly string[] = catalogFiles(input)): CatalogSnapshot {
  const contents = new Map<string, Buffer>();
  const sorted = [...files].sort();
  for (const file of sorted) {
    const read = readConfined(input.catalog, path.join(input.catalog, file), { listed: true });
    if (read.ok) contents.set(file, read.bytes);
  }
  return { files: sorted, contents };
}

/** The catalog part of the digest: taken before a run, so edits made during it are not recorded as seen. */
export function catalogDigest(snapshot: CatalogSnapshot): string {
  const hash = createHash('sha1');
  for (const file of snapshot.files) {
    const content = snapshot.contents.get(file);
    if (content) hashContent(hash, file, content);
    else hash.update(`\0${file}\0not read\0`);
  }
  return hash.digest('hex');
}

/**
 * What the digest knows of a folder: each file's content hash (relative posix path → hash). A
 * run hashes each file as it writes it, while other work is still going on, instead of hashing
 * the whole output once it is done; a file read from disk hashes the same as the text written.
 */
export type FolderHashes = ReadonlyMap<string, string>;

export function contentHash(content: string | Buffer): string {
  // The one-shot hash: tens of thousands of small files, where a Hash object each costs more.
  return hashOnce('sha1', content);
}

export function folderHashes(files: ReadonlyMap<string, string> | ReadonlyMap<string, Buffer>): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const [file, content] of files) hashes.set(file, contentHash(content));
  return hashes;
}

/** The whole digest, from the catalog part and the content hashes of the handler and output folders. */
export function runDigest(input: DigestInput, catalog: string, folders: { readonly handlers: FolderHashes; readonly out: FolderHashes }): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify({ tool: toolFingerprint(), cwd: input.cwd, options: input.options, catalog }));
  for (const [dir, hashes] of [[input.handlers, folders.handlers], [input.out, folders.out]] as const) {
    hash.update(`\0dir ${dir}\0`);
    for (const file of [...hashes.keys()].sort()) hash.update(`\0${file}\0${hashes.get(file) as string}`);
  }
  return hash.digest('hex');
}

function hashContent(hash: Hash, file: string, content: Buffer): void {
  hash.update(`\0${file}\0${content.length}\0`).update(content);
}

function hashFiles(hash: Hash, dir: string, files: string[]): void {
  for (const file of files.sort()) {
    const content = readFileBytes(path.join(dir, file));
    if (content) hashContent(hash, file, content);
  }
}

let tool: string | undefined;

/** catwire's own code (this build or these sources): any change to it must run in full. */
function toolFingerprint(): string {
  if (tool) return tool;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha1');
  for (const dir of ['cli', 'generators', 'templates']) {
    const files = listTree(path.join(root, dir)).filter((f) => /\.(js|ts|json)$/.test(f) && !f.endsWith('.d.ts'));
    hash.update(`\0${dir}\0`);
    hashFiles(hash, path.join(root, dir), files);
  }
  hash.update(generatorFingerprint()); // includes the versions of the libraries that print code
  tool = hash.digest('hex');
  return tool;
}
