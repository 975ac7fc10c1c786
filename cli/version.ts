/**
 * catwire's own version, from its package.json. The file is found by walking up from this
 * module, because it sits at a different depth from source (cli/) and from the build (dist/cli/).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function catwireVersion(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'catwire' && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
