/**
 * Reading and writing file trees. The generated tree is replaced as a whole: everything is
 * written to a sibling folder first and swapped in with renames, so a failed run leaves the
 * old tree intact and readers never see half of a new one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfined } from '../generators/load/confine.js';
import { UsageError } from './io.js';
import { escapeThroughLink } from './project-bounds.js';

/** A file to write: path relative to the folder written, UTF-8 text. */
type TreeFile = { readonly path: string; readonly content: string };

/** Every file under `dir` (relative posix paths → UTF-8 content); empty when `dir` does not exist. */
export function readTree(dir: string): Map<string, string> {
  return decodeTree(readTreeBytes(dir));
}

/**
 * `readTree`, or undefined when the file system refuses the folder (a file where it should be, no
 * permission): for a look ahead, where the step that must read or write it reports the refusal.
 */
export function readTreeIfReadable(dir: string): Map<string, string> | undefined {
  try {
    return readTree(dir);
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return undefined;
    throw error;
  }
}

/**
 * Every file under `dir` as bytes, for hashing exactly what is on disk. Only regular files
 * inside `dir` are read: the handlers folder comes with a pull request too, and a FIFO would
 * hang the run or a link pass another file off as a handler.
 */
export function readTreeBytes(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of listTree(dir)) {
    // listTree's recursive readdir does not enter linked folders, so a regular file it lists is
    // inside (`listed`: one lstat); a link is still resolved and checked.
    const read = readConfined(dir, path.join(dir, entry), { maxBytes: Number.POSITIVE_INFINITY, listed: true });
    if (read.ok) files.set(entry, read.bytes);
  }
  return files;
}

/** Files read as bytes, as text (what `readTree` would have read). */
export function decodeTree(files: ReadonlyMap<string, Buffer>): Map<string, string> {
  return new Map([...files].map(([file, bytes]) => [file, bytes.toString('utf8')]));
}

/** Every entry under `dir`, files and folders (relative posix paths, sorted); empty when `dir` does not exist. */
export function listTree(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((entry) => entry.split(path.sep).join('/'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** A file's bytes; undefined for a folder. */
export function readFileBytes(abs: string): Buffer | undefined {
  try {
    return readFileSync(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw error;
  }
}

export function replaceTree(dir: string, files: readonly TreeFile[]): void {
  const staged = stageTree(dir);
  writeAllOrDiscard(staged, files);
  staged.commit();
}

/** A new tree for `dir`, written file by file beside it and swapped in as a whole by `commit`. */
export interface StagedTree {
  write(file: TreeFile): void;
  /** Replaces `dir` with the staged tree. */
  commit(): void;
  /** Removes the staged tree; `dir` stays as it was. */
  discard(): void;
}

export function stageTree(dir: string): StagedTree {
  const staging = `${dir}.catwire-new-${process.pid}`;
  const old = `${dir}.catwire-old-${process.pid}`;
  const { write, discard } = stagingFolder(staging);
  return {
    write,
    commit() {
      let moved = false;
      try {
        renameSync(dir, old);
        moved = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          discard();
          throw error;
        }
      }
      renameSync(staging, dir);
      if (moved) rmSync(old, { recursive: true, force: true });
    },
    discard,
  };
}

/** Writes every file into a staged folder; when one fails, the folder is discarded and the error rethrown. */
function writeAllOrDiscard(staged: { write(file: TreeFile): void; discard(): void }, files: readonly TreeFile[]): void {
  try {
    for (const file of files) staged.write(file);
  } catch (error) {
    staged.discard();
    throw error;
  }
}

/** A fresh folder to write files into, each folder made once. */
function stagingFolder(staging: string): { write(file: TreeFile): void; discard(): void } {
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const made = new Set<string>();
  // Work still in flight when a run fails (another file being emitted) may write after the
  // discard: such a write is dropped, or it would bring the discarded folder back.
  let discarded = false;
  return {
    write(file) {
      if (discarded) return;
      const abs = path.join(staging, file.path);
      const folder = path.dirname(abs);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(abs, file.content);
    },
    discard: () => {
      discarded = true;
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

/**
 * `stageFiles` for a folder that does not exist yet (the handlers of a first run): the files
 * (paths relative to `dir`) are written into a sibling folder, which `commit` renames into
 * place — one rename instead of one per file. Should `dir` have appeared meanwhile, each file
 * is moved into it instead, as `stageFiles` would.
 */
export function stageNewFolder(dir: string, files: readonly TreeFile[]): { commit(): void; discard(): void } {
  const staging = `${dir}.catwire-new-${process.pid}`;
  const folder = stagingFolder(staging);
  writeAllOrDiscard(folder, files);
  return {
    commit: () => {
      try {
        renameSync(staging, dir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        const moved = stageFiles(dir, files);
        folder.discard();
        moved.commit();
      }
    },
    discard: folder.discard,
  };
}

/**
 * Writes each file as a temporary sibling now; `commit` renames them into place (none is ever
 * half-written), `discard` removes them. Lets a caller write while it still waits for other
 * work, and decide after it.
 */
export function stageFiles(root: string, files: readonly TreeFile[]): { commit(): void; discard(): void } {
  const written: { temp: string; abs: string }[] = [];
  const discard = () => {
    for (const { temp } of written) rmSync(temp, { force: true });
  };
  try {
    for (const file of files) {
      const abs = path.join(root, file.path);
      // A linked folder committed among the handlers would take the write (and the folders
      // mkdir makes) outside the project: checked before anything is made.
      const real = escapeThroughLink(root, path.dirname(abs));
      if (real !== undefined) {
        throw new UsageError(
          `${path.relative(root, path.dirname(abs)).split(path.sep).join('/')} leads out of the project through a symbolic link, to ${real}; catwire writes no file through such a link, since a pull request can commit one. Replace the link with the folder itself`,
        );
      }
      mkdirSync(path.dirname(abs), { recursive: true });
      const temp = `${abs}.catwire-${process.pid}`;
      writeFileSync(temp, file.content);
      written.push({ temp, abs });
    }
  } catch (error) {
    discard();
    throw error;
  }
  return {
    commit: () => {
      for (const { temp, abs } of written) renameSync(temp, abs);
    },
    discard,
  };
}
