/**
 * Listing a catalog folder. A plain walk that never follows a symbolic link: a linked folder
 * could lead anywhere on the machine (or back into itself), so it is listed as an entry, like
 * a linked file, and never entered. Links are reported apart so loading can refuse those that
 * lead outside (confine.ts) — nothing behind them is read.
 */
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

export interface Listing {
  /** Files and links (to anything), relative POSIX paths, sorted. Folders are walked, not listed. */
  readonly files: readonly string[];
  /** The entries of `files` that are symbolic links or not regular files (FIFOs, sockets, devices). */
  readonly special: ReadonlySet<string>;
}

/** Every entry under `root` but those matching `ignore` (globs on relative paths, matched against folders too). */
export function listCatalog(root: string, ignore: readonly string[]): Listing {
  const ignored = picomatch([...ignore], { dot: true });
  const files: string[] = [];
  const special = new Set<string>();
  const folders = [''];
  for (let dir = folders.pop(); dir !== undefined; dir = folders.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir === '' ? root : path.join(root, dir), { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing in it is read
    }
    for (const entry of entries) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (ignored(rel)) continue;
      if (entry.isDirectory()) folders.push(rel);
      else {
        files.push(rel);
        if (!entry.isFile()) special.add(rel);
      }
    }
  }
  files.sort();
  return { files, special };
}
