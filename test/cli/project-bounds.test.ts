/**
 * Folders a pull request controls stay in the repository (cli/project-bounds.ts): the folders
 * `catwire.config.json` names, and links committed where catalog/, generated/ or a handler
 * folder should be. A folder passed as a flag may lie anywhere.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORDER_FIXTURE } from '../helpers/order-fixture.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { cli } from '../helpers/run-cli.js';

let project: TempProject;
/** A folder outside the project, standing for the CI machine's own files. */
let outside: string;
/** `outside` with links resolved (the temp folder may itself be reached through one). */
let realOutside: string;
const file = (p: string) => path.join(project.root, p);
const config = (value: Record<string, unknown>) => writeFileSync(file('catwire.config.json'), JSON.stringify({ runtime: project.runtime, ...value }));

beforeEach(() => {
  project = tempProject(ORDER_FIXTURE);
  outside = mkdtempSync(path.join(tmpdir(), 'catwire-outside-'));
  realOutside = realpathSync(outside);
  writeFileSync(path.join(outside, 'id_rsa'), 'secret\n');
});
afterEach(() => {
  project.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

describe('folders named in catwire.config.json', () => {
  it('refuses an output folder outside the repository, and writes nothing there', async () => {
    config({ out: outside, handlers: 'handlers' });
    const result = await cli(['generate'], project.root);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `catwire: catwire.config.json: "out" is ${outside}, outside the repository (${project.root}); the config file comes with pull requests, so its folders stay inside. Name a folder in the repository, or pass --out on the command line\n`,
    );
    expect(readdirSync(outside)).toEqual(['id_rsa']);
  });

  it('refuses a catalog outside the repository, for every command that reads the config', async () => {
    config({ catalog: path.relative(project.root, outside) });
    for (const command of [['check'], ['generate']]) {
      const result = await cli(command, project.root);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`catwire.config.json: "catalog" is ${outside}, outside the repository`);
    }
  });

  it('accepts folders anywhere in the repository, above the project too (a monorepo package)', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'catwire-repo-'));
    try {
      mkdirSync(path.join(repo, '.git'));
      const pkg = path.join(repo, 'packages/orders');
      mkdirSync(pkg, { recursive: true });
      symlinkSync(path.join(project.root, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
      const runtime = path.relative(pkg, path.join(project.root, project.runtime)).split(path.sep).join('/');
      writeFileSync(path.join(pkg, 'catwire.config.json'), JSON.stringify({ catalog: '../../catalog', runtime }));
      cpSync(file('catalog'), path.join(repo, 'catalog'), { recursive: true });
      const result = await cli(['generate'], pkg);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(existsSync(path.join(pkg, 'generated/index.ts'))).toBe(true);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('lets a flag name a folder anywhere: the CI command is not part of the pull request', async () => {
    expect((await cli(['validate', file('catalog')], outside)).code).toBe(0);
    config({});
    const elsewhere = tempProject(ORDER_FIXTURE);
    try {
      const result = await cli(['generate', '--catalog', path.join(elsewhere.root, 'catalog')], project.root);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
    } finally {
      elsewhere.cleanup();
    }
  });
});

describe('links that lead out of the repository', () => {
  it('refuses a catalog folder that is a link to elsewhere, even when a flag names it', async () => {
    rmSync(file('catalog'), { recursive: true });
    symlinkSync(outside, file('catalog'));
    config({});
    for (const argv of [['validate'], ['validate', 'catalog'], ['inspect'], ['check'], ['generate', '--catalog', 'catalog']]) {
      const result = await cli(argv, project.root);
      expect(result.code).toBe(2);
      expect(result.err).toBe(
        `catwire: catalog folder "catalog" leads out of the repository through a symbolic link, to ${realOutside}; catwire reads nothing through such a link, since a pull request can commit one. Replace the link with the folder itself, or name ${realOutside} on the command line\n`,
      );
    }
  });

  it('reads a linked catalog kept elsewhere when its real folder is named on the command line', async () => {
    const elsewhere = tempProject(ORDER_FIXTURE);
    try {
      rmSync(file('catalog'), { recursive: true });
      symlinkSync(path.join(elsewhere.root, 'catalog'), file('catalog'));
      expect((await cli(['validate'], project.root)).code).toBe(2);
      const named = await cli(['validate', realpathSync(path.join(elsewhere.root, 'catalog'))], project.root);
      expect(named.err).toBe('');
      expect(named.code).toBe(0);
    } finally {
      elsewhere.cleanup();
    }
  });

  it('refuses a generated/ that is a link, and leaves its target alone', async () => {
    config({});
    symlinkSync(outside, file('generated'));
    const result = await cli(['generate'], project.root);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `catwire: the out folder (generated) leads out of the repository through a symbolic link, to ${realOutside}; catwire reads and writes nothing through such a link, since a pull request can commit one. Replace the link with the folder itself, or pass --out ${realOutside}\n`,
    );
    expect(readdirSync(outside)).toEqual(['id_rsa']);
  });

  it('writes no handler stub through a linked handler folder, and writes nothing else either', async () => {
    config({});
    mkdirSync(file('handlers'));
    symlinkSync(outside, file('handlers/order-service'));
    const result = await cli(['generate'], project.root);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `catwire: handlers/order-service leads out of the project through a symbolic link, to ${realOutside}; catwire writes no file through such a link, since a pull request can commit one. Replace the link with the folder itself\n`,
    );
    expect(readdirSync(outside)).toEqual(['id_rsa']);
    expect(existsSync(file('generated'))).toBe(false);
  });
});
