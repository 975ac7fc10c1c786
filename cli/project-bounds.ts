/**
 * The repository's folders come with pull requests: `catwire.config.json` can name any path, and
 * a committed symbolic link can stand where `catalog/`, `generated/` or a handler folder should
 * be. catwire reads the catalog and handlers and replaces generated/ as a whole, so such a path
 * would let a pull request make a CI run read, or overwrite, the machine's own files. Two rules:
 *
 * - a folder named in `catwire.config.json` (or defaulted) stays inside the repository;
 * - nothing inside the repository leads out of it through a link: a path that is inside by its
 *   name must be inside in fact.
 *
 * A folder passed as a flag may lie anywhere: whoever writes the CI command chose it.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../generators/load/confine.js';

/** The repository around `cwd` (the nearest folder holding `.git`), else `cwd` itself. */
export function repositoryRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/** Where `abs` really is: its deepest existing ancestor with links resolved, the rest as named. */
export function realLocation(abs: string): string {
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(realpathSync.native(dir), ...rest.reverse());
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.push(path.basename(dir));
    }
  }
}

/** For a path inside `root` by its name whose real location is outside: that location. */
export function escapeThroughLink(root: string, abs: string): string | undefined {
  if (!isInside(root, abs)) return undefined;
  const real = realLocation(abs);
  return isInside(realLocation(root), real) ? undefined : real;
}
