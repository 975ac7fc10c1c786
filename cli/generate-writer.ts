/**
 * The one writer of `catwire generate`: the output folder (replaced whole) and the handler stubs
 * (created or merged), staged beside their places while the generators still work and moved
 * into place together, or discarded together when the run fails. It also keeps the hashes of
 * both folders as the run leaves them, for the run's record.
 */
import { existsSync } from 'node:fs';
import type { GeneratedFile } from '../generators/emit/index.js';
import { isCurrent, type TreeDiff } from '../generators/compare.js';
import type { StubResult } from '../generators/stubs/index.js';
import { contentHash, folderHashes, type FolderHashes } from './generate-cache.js';
import type { ProjectConfig } from './config.js';
import { replaceTree, stageFiles, stageNewFolder, stageTree, type StagedTree } from './tree.js';

/** The folders as a written run left them. */
export interface WrittenFolders {
  readonly handlers: FolderHashes;
  readonly out: FolderHashes;
}

export class GenerateWriter {
  /** An empty output folder gets each file as it is ready, swapped in once all are there. */
  private readonly staged: StagedTree | undefined;
  private readonly outHashes = new Map<string, string>();
  private handlerHashes: FolderHashes = new Map<string, string>();
  private stagedStubs: { commit(): void; discard(): void } | undefined;

  constructor(
    private readonly config: ProjectConfig,
    previousOut: ReadonlyMap<string, string>,
  ) {
    this.staged = previousOut.size === 0 ? stageTree(config.out) : undefined;
  }

  /** For emit's `onFile`: hashed for the record and, into an empty folder, staged at once. */
  readonly onFile = (file: GeneratedFile): void => {
    this.staged?.write(file);
    this.outHashes.set(file.path, contentHash(file.content));
  };

  /**
   * Stages new and updated stubs beside their place (a first run's handlers folder beside the
   * folder), so that a failed run leaves none behind. `handlers` is the folder as it was, with
   * its hashes when the record check already read them.
   */
  stageStubs(handlers: ReadonlyMap<string, string>, known: FolderHashes | undefined, handlersRel: string, stubs: StubResult['files']): void {
    const inHandlers = stubs.map((stub) => ({ path: stub.path.slice(handlersRel.length + 1), content: stub.content }));
    this.stagedStubs = handlers.size === 0 && !existsSync(this.config.handlers) ? stageNewFolder(this.config.handlers, inHandlers) : stageFiles(this.config.root, stubs);
    const hashes = new Map(known ?? folderHashes(handlers));
    for (const stub of inHandlers) hashes.set(stub.path, contentHash(stub.content));
    this.handlerHashes = hashes;
  }

  /** Moves everything into place: the output folder first, then the stubs. */
  commit(files: readonly GeneratedFile[], diff: TreeDiff): WrittenFolders {
    if (this.staged) this.staged.commit();
    else if (!isCurrent(diff)) replaceTree(this.config.out, files);
    this.stagedStubs?.commit();
    this.stagedStubs = undefined;
    return { handlers: this.handlerHashes, out: this.outHashes };
  }

  discard(): void {
    this.staged?.discard();
    this.stagedStubs?.discard();
  }
}

/** The path and code of a file-system error that writing a file or folder can meet; undefined for anything else. */
export function unwritablePath(error: unknown): { path: string; code: string } | undefined {
  const { code, path: at } = error as NodeJS.ErrnoException;
  const refusals = ['ENAMETOOLONG', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC'];
  return typeof at === 'string' && code !== undefined && refusals.includes(code) ? { path: at, code } : undefined;
}
