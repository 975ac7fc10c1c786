/**
 * `catwire generate`: tool-owned code into the output folder (replaced atomically) and
 * user-owned handler stubs (created once, then only merged). `--check` writes nothing and
 * fails, naming every stale file, when the output folder is not what a run would write.
 */
import path from 'node:path';
import { analyzeCatalog, count, formatDiagnostic, hasErrors, type CatalogModel } from '../../generators/index.js';
import { compareTree, isCurrent, type TreeDiff } from '../../generators/compare.js';
import { emit, prefetchType, reusableTree, type GeneratedFile } from '../../generators/emit/index.js';
import { POOL_THRESHOLD, startDeclarationPool, type DeclarationRunner } from '../../generators/emit/type-pool.js';
import { casterFiles, writtenCasters } from '../../generators/check/versions.js';
import { planStubs, type StubReport, type StubResult } from '../../generators/stubs/index.js';
import { emitOptionsOf, handlerDepsOf, outsideProjectProblem, resolveConfig, type ConfigFlags, type ProjectConfig } from '../config.js';
import { unknownDepsServices } from '../handler-deps.js';
import {
  catalogDigest, catalogFiles, catalogSnapshot, folderHashes, readRecord, recordFile, runDigest, writeRecord, type CatalogSnapshot, type DigestInput, type FolderHashes,
} from '../generate-cache.js';
import { GenerateWriter, unwritablePath, type WrittenFolders } from '../generate-writer.js';
import { UsageError, type Io } from '../io.js';
import { relativePosix } from '../paths.js';
import { watchCatalog } from '../watch.js';
import { decodeTree, readTree, readTreeBytes, readTreeIfReadable } from '../tree.js';

export interface GenerateOptions extends ConfigFlags {
  readonly check: boolean;
  /** Regenerate on every change under the catalog until interrupted. */
  readonly watch?: boolean;
  readonly partial: boolean;
  /** false with `--no-cache`: always run in full (and leave no record). */
  readonly cache?: boolean;
}

export async function generate(options: GenerateOptions, io: Io): Promise<number> {
  const config = resolveConfig(options, io.cwd);
  const outside = outsideProjectProblem(config);
  if (outside) throw new UsageError(outside);
  if (options.watch) {
    if (options.check) throw new UsageError('--watch and --check do not go together: --check compares once and exits');
    const stop = io.interrupted?.() ?? AbortSignal.abort();
    return watchCatalog({ catalog: config.catalog, run: () => generateOnce(options, config, io), stop }, io);
  }
  return generateOnce(options, config, io);
}

async function generateOnce(options: GenerateOptions, config: ProjectConfig, io: Io): Promise<number> {
  const rel = (p: string) => relativePosix(io.cwd, p);
  // The config's deps types become import lines: nothing is generated from a config with errors.
  const depsProblems = handlerDepsOf(config).diagnostics;
  for (const d of depsProblems) io.err(`error   ${d.code} ${rel(path.join(config.root, d.file))}${formatDiagnostic(d).slice(d.file.length)}\n`);
  if (depsProblems.length > 0) {
    io.err(`catwire generate: catwire.config.json has errors; nothing was written. Fix them and run again.\n`);
    return 1;
  }
  const outRel = rel(config.out);
  const input = digestInput(config, options, io);
  // No cache folder (an Io without one): every run is a full one, and none is recorded.
  const record = options.cache === false || io.cacheHome === undefined ? undefined : recordFile(io.cacheHome, config.out);
  const recorded = record === undefined ? undefined : readRecord(record);
  // Listed first: without a record of an earlier run this run is a full one, and a large catalog
  // will need the worker pool, so it starts now and gets ready while the files are read.
  const listed = catalogFiles(input);
  let pool = !recorded && listed.length >= PRESTART_FILES ? startDeclarationPool() : undefined;
  try {
    // Read once: for the digest of the no-op check, then for loading.
    const snapshot = catalogSnapshot(input, listed);
    const cache = record === undefined ? undefined : { input, file: record, catalog: catalogDigest(snapshot), record: recorded };
    // After a recorded run the handler and output folders are read once: for the no-op check and,
    // when something changed, as what this run starts from.
    const folders = cache?.record ? readFolders(config) : undefined;
    if (cache?.record && folders && cache.record.digest === runDigest(cache.input, cache.catalog, folders.hashes)) {
      io.err(cache.record.err);
      io.out(
        options.check
          ? `catwire generate --check: ${outRel}/ is up to date (${count(cache.record.files, 'file')})\n`
          : `catwire generate: ${outRel}/ is up to date (${count(cache.record.files, 'file')}; the catalog, the handlers and the output are as the last run left them)\n`,
      );
      return 0;
    }
    // What the run prints on stderr is part of its record, to be replayed by a no-op run.
    let printed = '';
    const out: Io = { ...io, err: (text) => ((printed += text), io.err(text)) };
    // After a record that no longer matches, a large catalog's pool starts here: still before
    // loading, so the workers get ready on the core that loading leaves idle.
    pool ??= snapshot.files.length >= PRESTART_FILES ? startDeclarationPool() : undefined;
    const result = await generateInFull(options, config, out, outRel, snapshot, folders, pool);
    if (cache && result.written && result.recordable) {
      writeRecord(cache.file, { digest: runDigest(cache.input, cache.catalog, result.written), err: printed, files: result.written.out.size });
    }
    return result.code;
  } finally {
    await pool?.close();
  }
}

/** A full run's exit code and, when it wrote (not --check), the folders as it left them. */
interface FullRun {
  readonly code: number;
  readonly written?: WrittenFolders;
  /** Whether a later run that finds the same inputs may replay this one instead of running. */
  readonly recordable: boolean;
}

/** The handler and output folders as they are, read once as bytes: hashed for the no-op check, decoded for a run. */
interface ReadFolders {
  readonly handlers: ReadonlyMap<string, Buffer>;
  readonly out: ReadonlyMap<string, Buffer>;
  readonly hashes: { readonly handlers: FolderHashes; readonly out: FolderHashes };
}

function readFolders(config: ProjectConfig): ReadFolders {
  const handlers = readTreeBytes(config.handlers);
  const out = readTreeBytes(config.out);
  return { handlers, out, hashes: { handlers: folderHashes(handlers), out: folderHashes(out) } };
}

/**
 * Catalogs with this many files usually have POOL_THRESHOLD message types (each is an index file
 * and a schema); when one does not, emit leaves the started pool unused and it is closed.
 */
const PRESTART_FILES = 2 * POOL_THRESHOLD;

function digestInput(config: ProjectConfig, options: GenerateOptions, io: Io): DigestInput {
  return {
    cwd: io.cwd,
    options: { catalog: config.catalog, out: config.out, handlers: config.handlers, runtime: config.runtime, deps: config.deps, partial: options.partial },
    catalog: config.catalog,
    out: config.out,
    handlers: config.handlers,
  };
}

async function generateInFull(
  options: GenerateOptions,
  config: ProjectConfig,
  io: Io,
  outRel: string,
  snapshot: CatalogSnapshot,
  folders: ReadFolders | undefined,
  pool: DeclarationRunner | undefined,
): Promise<FullRun> {
  const rel = (p: string) => relativePosix(io.cwd, p);
  const previous = folders ? decodeTree(folders.out) : readTree(config.out);
  // Nothing of an earlier run can be reused, so every schema will be compiled: the pool starts
  // on each as it loads, overlapping loading and modelling on this thread.
  const prefetch = pool && !reusableTree(previous) ? pool : undefined;
  const root = path.resolve(config.catalog);
  const source = { files: snapshot.files, read: (file: string) => snapshot.contents.get(file)?.toString('utf8') };
  const handlersRel = rel(config.handlers);
  // Read first: a caster the user wrote wins over a derived one, which CW030 and emit must know.
  // A folder the file system refuses is reported below, where the run would write into it.
  const handlers = folders ? decodeTree(folders.handlers) : readTreeIfReadable(config.handlers);
  const { model, diagnostics } = await analyzeCatalog(config.catalog, {
    source,
    onSchema: prefetch ? (schema) => prefetchType(prefetch, root, schema) : undefined,
    casters: casterFiles(handlersRel, handlers ?? new Map()),
  });
  for (const d of diagnostics) io.err(`${d.severity === 'error' ? 'error  ' : 'warning'} ${d.code} ${rel(path.join(config.catalog, d.file))}${formatDiagnostic(d).slice(d.file.length)}\n`);
  const serviceIds = model.services.map((s) => s.id);
  for (const d of unknownDepsServices(handlerDepsOf(config).deps, serviceIds, config.configText)) {
    io.err(`warning ${d.code} ${rel(path.join(config.root, d.file))}${formatDiagnostic(d).slice(d.file.length)}\n`);
  }
  if (hasErrors(diagnostics) && !options.partial) {
    io.err(`catwire generate: the catalog has errors; nothing was written. Fix them, or pass --partial to generate for the services whose messages resolve.\n`);
    return { code: 1, recordable: false };
  }

  // With --check nothing is written; otherwise the writer stages files as they are ready, while
  // the workers still compile types.
  const writer = options.check ? undefined : new GenerateWriter(config, previous);
  try {
    const { files, stubs } = await planOutput(model, config, { previous, pool, handlers: handlers ?? readTree(config.handlers), handlersRel, outRel, folders, writer });
    // The workers have nothing left to do: they shut down while the folders are committed.
    void pool?.close();
    const diff = compareTree(files, previous);
    for (const skipped of model.codegen.skipped) io.err(`skipped ${skipped.service.id}: ${skipped.reason}\n`);
    if (!writer) return { code: reportCheck(diff, outRel, options, io), recordable: false };

    const written = writer.commit(files, diff);
    io.out(
      `catwire generate: ${count(files.length, 'file')} in ${outRel}/ (${diff.changed.length + diff.missing.length} written, ${diff.orphaned.length} removed, ${diff.unchanged} unchanged)\n`,
    );
    reportStubs(stubs.report, handlersRel, io);
    // A stub that could not be updated must be reported again by the next run, not replayed.
    return { code: 0, written, recordable: stubs.report.problems.length === 0 };
  } catch (error) {
    writer?.discard();
    const unwritable = unwritablePath(error);
    if (unwritable === undefined) throw error;
    // A path the file system refuses (a name too long, a file where a folder must go, no
    // permission) is a fact about the project, not a crash: said plainly, after cleaning up.
    io.err(`catwire generate: cannot write ${rel(unwritable.path)} (${unwritable.code}); nothing was written. Shorten the resource id or free the path, then run again.\n`);
    return { code: 1, recordable: false };
  }
}

interface PlanInputs {
  readonly previous: ReadonlyMap<string, string>;
  readonly pool: DeclarationRunner | undefined;
  /** The handlers folder's files, relative to it. */
  readonly handlers: ReadonlyMap<string, string>;
  readonly handlersRel: string;
  readonly outRel: string;
  readonly folders: ReadFolders | undefined;
  /** Receives each file and the stubs as soon as they are planned; none with --check. */
  readonly writer: GenerateWriter | undefined;
}

/**
 * What the generators make of the model: the output files and the stubs. Stubs are planned
 * right after emit's own synchronous part, so they are planned (and staged) while types compile.
 */
async function planOutput(model: CatalogModel, config: ProjectConfig, inputs: PlanInputs): Promise<{ files: GeneratedFile[]; stubs: StubResult }> {
  const { previous, pool, handlers, handlersRel, outRel, folders, writer } = inputs;
  // Settled, not raced: when one side fails, the other must stop writing into the staged
  // folders before they are discarded, or a late write would bring a discarded folder back.
  const userCasters = writtenCasters(model.codegen, handlersRel, handlers);
  const [files, stubs] = bothOrThrow(
    await Promise.allSettled([
      emit(model, { ...emitOptionsOf(config), previous, pool, onFile: writer?.onFile, userCasters }),
      (async () => {
        const stubs = planStubs(model.codegen, { handlers: handlersRel, out: outRel }, prefixed(handlers, handlersRel));
        writer?.stageStubs(handlers, folders?.hashes.handlers, handlersRel, stubs.files);
        return stubs;
      })(),
    ]),
  );
  return { files, stubs };
}

/** Both values once both settled, or the first failure. */
function bothOrThrow<A, B>([a, b]: [PromiseSettledResult<A>, PromiseSettledResult<B>]): [A, B] {
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

function prefixed(files: ReadonlyMap<string, string>, dir: string): Map<string, string> {
  return new Map([...files].map(([p, c]) => [`${dir}/${p}`, c]));
}

function reportCheck(diff: TreeDiff, outRel: string, options: GenerateOptions, io: Io): number {
  if (isCurrent(diff)) {
    io.out(`catwire generate --check: ${outRel}/ is up to date (${count(diff.unchanged, 'file')})\n`);
    return 0;
  }
  const lines = [
    ...diff.changed.map((p) => `  changed   ${outRel}/${p}`),
    ...diff.missing.map((p) => `  missing   ${outRel}/${p}`),
    ...diff.orphaned.map((p) => `  orphaned  ${outRel}/${p}`),
  ];
  io.out(`catwire generate --check: ${outRel}/ is out of date (${count(lines.length, 'file')}):\n${lines.join('\n')}\nRun \`${fixCommand(options)}\` to update it.\n`);
  return 1;
}

function fixCommand(options: GenerateOptions): string {
  const flags = (['catalog', 'out', 'handlers', 'runtime'] as const).flatMap((k) => (options[k] ? [`--${k} ${options[k]}`] : []));
  return ['npx catwire generate', ...flags].join(' ');
}

function reportStubs(report: StubReport, handlersRel: string, io: Io): void {
  const line = (label: string, list: readonly string[]) => (list.length > 0 ? `${label}:\n${list.map((p) => `  ${p}`).join('\n')}\n` : '');
  io.out(`handler stubs in ${handlersRel}/: ${report.created.length} created, ${report.updated.length} updated\n`);
  io.out(line('created', report.created) + line('updated', report.updated));
  if (report.orphaned.length > 0) io.out(line('no longer received (kept; delete them when you are done)', report.orphaned));
  if (report.superseded && report.superseded.length > 0) io.out(line('caster stubs catwire now derives (unused; delete them)', report.superseded));
  if (report.problems.length > 0) io.err(line('could not update', report.problems));
}
