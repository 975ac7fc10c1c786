import path from 'node:path';

/**
 * `to` relative to `from` with forward slashes — how the CLI prints paths and how catalogs and
 * git name them on every platform — and `.` for `from` itself.
 */
export function relativePosix(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/') || '.';
}
