/**
 * Every TypeScript example in docs/runtime.md compiles, under strict, against this repository's
 * catalog generated as a user's project has it: `@catwire/runtime` imported by package name
 * (this checkout's packages/runtime through node_modules, so `npm run build` first).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { typeCheck } from '../helpers/project.js';
import { cli, REPO } from '../helpers/run-cli.js';

const DOC = readFileSync(path.join(REPO, 'docs/runtime.md'), 'utf8');
const examples = [...DOC.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);

const root = mkdtempSync(path.join(tmpdir(), 'catwire-docs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('docs/runtime.md', () => {
  it('has TypeScript examples, and every one compiles against generated code', async () => {
    expect(examples.length).toBeGreaterThan(0);
    if (!existsSync(path.join(REPO, 'packages/runtime/dist/index.d.ts'))) throw new Error('packages/runtime/dist is missing: run npm run build first');
    cpSync(path.join(REPO, 'catalog'), path.join(root, 'catalog'), { recursive: true });
    symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'docs-examples', private: true, type: 'module' }));
    const generated = await cli(['generate', '--no-cache'], root);
    expect(generated.code, generated.err).toBe(0);
    const files = examples.map((code, i) => {
      const file = `example-${i + 1}.ts`;
      // Each example is a module of its own (top-level await, no shared names).
      writeFileSync(path.join(root, file), `${code}\nexport {};\n`);
      return file;
    });
    writeFileSync(
      path.join(root, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true,
          types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')],
        },
        include: ['generated', 'handlers', ...files],
      }),
    );
    const errors = await typeCheck(root);
    const where = (file: string) => {
      const i = files.indexOf(path.basename(file));
      return i < 0 ? file : `docs/runtime.md example ${i + 1} (of ${files.length})`;
    };
    expect(errors.map((e) => `${where(e.file)}:${e.line} ${e.code} ${e.message}`)).toEqual([]);
  }, 120_000);
});
