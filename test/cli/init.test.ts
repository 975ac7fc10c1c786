/**
 * `catwire init` and `catwire --version`: a project gets a config and, without a catalog of its
 * own, the example catalog — which validates and generates — and no existing file is touched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CATALOG } from '../../cli/example-catalog.js';
import { cli, REPO } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function project(files: Readonly<Record<string, string>> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'catwire-init-'));
  dirs.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}
const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');

describe('catwire init', () => {
  it('writes the config and the example catalog into an empty folder, which validates and generates', async () => {
    const root = project();
    const result = await cli(['init'], root);
    expect(result.code).toBe(0);
    expect(result.out.split('\n').slice(0, 2)).toEqual([
      'wrote an example catalog to catalog/ (6 files): Orders Service publishes OrderPlaced, Shipping Service receives it',
      'wrote catwire.config.json',
    ]);
    expect(JSON.parse(read(root, 'catwire.config.json'))).toEqual({ catalog: 'catalog', out: 'generated', handlers: 'handlers', runtime: '@catwire/runtime' });
    for (const [file, content] of Object.entries(EXAMPLE_CATALOG)) expect(read(root, `catalog/${file}`)).toBe(content);
    expect(result.out).toContain('     npm install --save-dev catwire typescript@6 @types/node@20 vitest@4\n');
    expect(result.out).toContain('2. Create tsconfig.json:\n     {\n       "compilerOptions": {\n');

    expect(await cli(['validate'], root)).toMatchObject({ code: 0, err: '' });
    const generated = await cli(['generate'], root);
    expect(generated.code).toBe(0);
    expect(read(root, 'generated/services/orders-service/producer.ts')).toContain('import type { Producer, SendOptions } from "@catwire/runtime";');
    expect(read(root, 'handlers/shipping-service/order-placed.ts')).toContain('export async function orderPlaced(payload: OrderPlaced, ctx: ShippingServiceContext)');
  });

  it('uses an existing catalog and never overwrites a file', async () => {
    const config = '{ "catalog": "events-catalog", "runtime": "./lib/runtime.js" }\n';
    const root = project({ 'catwire.config.json': config, 'catalog/services/Mine/index.mdx': 'mine', 'tsconfig.json': '{}' });
    const result = await cli(['init'], root);
    expect(result.code).toBe(0);
    expect(result.out.split('\n').slice(0, 3)).toEqual([
      'using the catalog in catalog/ (left as it is)',
      'kept catwire.config.json (it exists; init never overwrites a file)',
      '',
    ]);
    expect(result.out).toContain('2. Make sure tsconfig.json has these compiler options');
    expect(read(root, 'catwire.config.json')).toBe(config);
    expect(read(root, 'catalog/services/Mine/index.mdx')).toBe('mine');
    expect(read(root, 'tsconfig.json')).toBe('{}');
  });

  it('writes the example into the folder --catalog names, keeping a file of the example that exists', async () => {
    const root = project({ 'docs/catalog/teams/shop.mdx': 'our team' });
    // A folder with content is the project's catalog; only an absent or empty one gets the example.
    expect((await cli(['init', '--catalog', 'docs/catalog'], root)).out).toContain('using the catalog in docs/catalog/ (left as it is)\n');
    const other = project();
    mkdirSync(path.join(other, 'spec'));
    expect((await cli(['init', '--catalog', 'spec'], other)).out).toContain('wrote an example catalog to spec/ (6 files)');
    expect(JSON.parse(read(other, 'catwire.config.json')).catalog).toBe('spec');
  });

  it('refuses a catalog that is a file, with exit 2', async () => {
    const root = project({ catalog: 'not a folder' });
    expect(await cli(['init'], root)).toEqual({ code: 2, out: '', err: 'catwire: "catalog" is a file, not a catalog folder; pass --catalog <dir>\n' });
  });
});

describe('catwire --version', () => {
  it("prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });
});
