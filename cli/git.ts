/**
 * A catalog as it was at a git ref, read without touching the working tree: `git archive` of
 * the catalog folder, unpacked into a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from './io.js';
import { relativePosix } from './paths.js';

function git(args: readonly string[], cwd: string): { ok: boolean; stdout: Buffer; stderr: string } {
  const result = spawnSync('git', args, { cwd, maxBuffer: 1 << 30 });
  return { ok: result.status === 0, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr?.toString() ?? String(result.error ?? '') };
}

export function catalogAtRef(catalog: string, ref: string): { dir: string; cleanup: () => void } {
  const top = git(['rev-parse', '--show-toplevel'], catalog);
  if (!top.ok) throw new UsageError(`--base needs a git repository, and ${catalog} is not in one`);
  const root = top.stdout.toString().trim();
  if (!git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root).ok) {
    throw new UsageError(`--base ${ref}: no such commit, branch or tag in ${root} (in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
  }
  const rel = relativePosix(root, catalog);
  const temp = mkdtempSync(path.join(tmpdir(), 'catwire-base-'));
  const cleanup = () => rmSync(temp, { recursive: true, force: true });
  const archive = git(['archive', '--format=tar', ref, '--', rel], root);
  if (!archive.ok) {
    // The catalog folder did not exist at that ref: compare against an empty catalog.
    if (/did not match any files/.test(archive.stderr)) return { dir: temp, cleanup };
    cleanup();
    throw new Error(`git archive ${ref} failed: ${archive.stderr.trim()}`);
  }
  const unpack = spawnSync('tar', ['-x', '-C', temp], { input: archive.stdout });
  if (unpack.status !== 0) {
    cleanup();
    throw new Error(`unpacking the catalog at ${ref} failed: ${unpack.stderr?.toString().trim()}`);
  }
  return { dir: path.join(temp, rel), cleanup };
}
