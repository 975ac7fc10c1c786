/**
 * `generate --out` outside the project would point every handler stub's managed imports out of
 * the project: refused unless the handlers folder is chosen too.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES } from '../helpers/catalog-fixture.js';
import { tempProject } from '../helpers/project.js';
import { cli } from '../helpers/run-cli.js';

const project = tempProject(BASE_FILES);
const elsewhere = mkdtempSync(path.join(tmpdir(), 'catwire-elsewhere-'));
afterAll(() => {
  project.cleanup();
  rmSync(elsewhere, { recursive: true, force: true });
});
const gen = (...args: string[]) => cli(['generate', '--runtime', project.runtime, ...args], project.root);

describe('generate --out outside the project', () => {
  it('is refused, with exit 2, when the handlers folder is the default', async () => {
    const out = path.join(elsewhere, 'generated');
    expect(await gen('--out', out)).toEqual({
      code: 2,
      out: '',
      err:
        `catwire: the output folder ${out} is outside this project (${project.root}): the handler stubs in handlers/ would import generated code from there. ` +
        'Pass --handlers <dir> too if that is what you want, or run catwire in the project that holds both\n',
    });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.join(project.root, 'handlers'))).toBe(false);
  });

  it('is done when --handlers is given too', async () => {
    const out = path.join(elsewhere, 'generated');
    const result = await gen('--out', out, '--handlers', 'handlers');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(project.root, 'handlers/consumer/thing-happened.ts'), 'utf8')).toContain(
      `import type { ThingHappened } from "${path.relative(path.join(project.root, 'handlers/consumer'), path.join(out, 'types/thing-happened.js'))}";`,
    );
  });

  it('inside the project needs nothing more', async () => {
    expect((await gen('--out', 'src/generated')).code).toBe(0);
  });
});
