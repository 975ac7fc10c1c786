import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../cli/program.js';

export const REPO = path.resolve(import.meta.dirname, '../..');

/** The tests' machine cache folder (generate's record key), away from the user's own. */
export const TEST_CACHE_HOME = path.join(tmpdir(), 'catwire-test-cache-home');

/** Runs the CLI in-process with captured output. */
export async function cli(argv: readonly string[], cwd = REPO, cacheHome = TEST_CACHE_HOME): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => void (out += t), err: (t) => void (err += t), cwd, cacheHome });
  return { code, out, err };
}

/** Runs the built `catwire` binary as a child process (what CI and users run). */
export function cliProcess(argv: readonly string[], cwd = REPO): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'dist/cli/bin.js'), ...argv], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr });
    });
  });
}
