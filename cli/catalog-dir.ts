import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './io.js';

/**
 * The catalog folder a command works on: the given one, else `./catalog` when it exists (the
 * layout of a catwire project), else the current folder (an EventCatalog project's root).
 */
export function catalogDir(given: string | undefined, cwd: string): string {
  const candidate = given ?? (isDir(path.resolve(cwd, 'catalog')) ? 'catalog' : '.');
  const dir = path.resolve(cwd, candidate);
  if (!isDir(dir)) {
    throw new UsageError(`catalog folder "${candidate}" does not exist; pass the folder that holds domains/, services/ or channels/`);
  }
  return dir;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
