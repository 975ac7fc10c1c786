/**
 * `catwire generate --watch` as a user runs it (the built CLI in a child process): a first run,
 * a run per change under the catalog, errors reported without exiting, a change back to what the
 * last good run saw answered by the no-op record, and a clean stop on SIGINT.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES, mdx } from '../helpers/catalog-fixture.js';
import { tempProject } from '../helpers/project.js';
import { REPO } from '../helpers/run-cli.js';

const project = tempProject(BASE_FILES);
afterAll(() => project.cleanup());

describe('catwire generate --watch', () => {
  it('regenerates on changes, reports errors without exiting, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'dist/cli/bin.js'), 'generate', '--runtime', project.runtime, '--watch'], { cwd: project.root });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
    try {
      await expect.poll(() => out).toContain('catwire generate --watch: watching catalog/ (Ctrl-C stops)\n');
      expect(out).toContain('catwire generate: ');
      expect(existsSync(path.join(project.root, 'generated/services/consumer/contract.ts'))).toBe(true);

      // A dangling reference: reported, nothing written, still watching.
      const broken = path.join(project.root, 'catalog/services/Broken/index.mdx');
      mkdirSync(path.dirname(broken));
      writeFileSync(broken, mdx({ id: 'broken', name: 'Broken', version: '1.0.0', summary: 'x', owners: ['core'], receives: [{ id: 'nope' }] }));
      await expect.poll(() => err).toContain('catwire generate: the catalog has errors; nothing was written.');
      expect(err).toContain('error   CW010 catalog/services/Broken/index.mdx:');
      expect(out).toContain('catwire generate --watch: catalog/ changed\n');

      // Back as the last good run left it: the run record makes this a no-op.
      rmSync(broken);
      await expect.poll(() => out).toContain('is up to date');

      // A new receiver: a new stub.
      mkdirSync(path.join(project.root, 'catalog/services/Auditor'));
      writeFileSync(
        path.join(project.root, 'catalog/services/Auditor/index.mdx'),
        mdx({ id: 'auditor', name: 'Auditor', version: '1.0.0', summary: 'Audits', owners: ['core'], receives: [{ id: 'thing-happened' }] }),
      );
      await expect.poll(() => existsSync(path.join(project.root, 'handlers/auditor/thing-happened.ts'))).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/catwire generate --watch: stopped\n$/);
    expect(err).not.toMatch(/internal error|\n\s+at /);
  });
});
