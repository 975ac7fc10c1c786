import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './io.js';
import { escapeThroughLink, repositoryRoot } from './project-bounds.js';

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
  // Inside the repository by its name, so possibly a link a pull request committed (project-bounds.ts).
  const repository = repositoryRoot(cwd);
  const real = escapeThroughLink(repository, dir);
  if (real !== undefined) {
    throw new UsageError(
      `catalog folder "${candidate}" leads out of the repository through a symbolic link, to ${real}; catwire reads nothing through such a link, since a pull request can commit one. Replace the link with the folder itself, or name ${real} on the command line`,
    );
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
