/**
 * Throwaway projects for generator tests: a catalog, `catwire generate` run in-process, and the
 * TypeScript compiler run over the result.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCatalog, type FileMap } from './catalog-fixture.js';
import { REPO } from './run-cli.js';

export interface TempProject {
  readonly root: string;
  readonly runtime: string;
  cleanup(): void;
}

/** A project folder with `catalog/` written from `files` (or copied from a folder). */
export function tempProject(catalog: FileMap | string): TempProject {
  const root = mkdtempSync(path.join(tmpdir(), 'catwire-project-'));
  if (typeof catalog === 'string') cpSync(catalog, path.join(root, 'catalog'), { recursive: true });
  else {
    const { root: written, cleanup } = writeCatalog(catalog);
    cpSync(written, path.join(root, 'catalog'), { recursive: true });
    cleanup();
  }
  const runtime = path.relative(root, path.join(REPO, 'runtime/index.js')).split(path.sep).join('/');
  // Installed packages, as in any project: the generated contract tests import vitest.
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'catwire-test-project', private: true, type: 'module' }));
  writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(REPO, 'tsconfig.json'),
      compilerOptions: { noEmit: true, typeRoots: [path.join(REPO, 'node_modules/@types')] },
      include: ['generated', 'handlers', '*.ts'],
    }),
  );
  return { root, runtime, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface TscError {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** Type-checks the project; resolves with every error (empty when it compiles). */
export function typeCheck(root: string): Promise<TscError[]> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', root, '--pretty', 'false'], { cwd: root }, (_error, stdout) => {
      const errors = stdout
        .split('\n')
        .map((line) => /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ file: m[1] as string, line: Number(m[2]), code: m[3] as string, message: m[4] as string }));
      resolve(errors);
    });
  });
}
