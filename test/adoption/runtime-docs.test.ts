/**
 * Every TypeScript example in the runtime's documents (docs/runtime.md, docs/failures.md)
 * compiles, under strict, against this repository's catalog generated as a user's project has
 * it: `@catwire/runtime` imported by package name (this checkout's packages/runtime through
 * node_modules, so `npm run build` first).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { typeCheck } from '../helpers/project.js';
import { cli, REPO } from '../helpers/run-cli.js';

const DOCS = ['docs/runtime.md', 'docs/failures.md'];

interface Example {
  readonly doc: string;
  /** Its number in its document, from 1. */
  readonly n: number;
  readonly code: string;
  /** Where it sits in the project, as its relative imports say. */
  readonly file: string;
}

const examples: Example[] = DOCS.flatMap((doc) =>
  [...readFileSync(path.join(REPO, doc), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
    const code = m[1] as string;
    const name = `${path.basename(doc, '.md')}-${i + 1}.ts`;
    // An example importing `../../generated/` is a handler module: it sits where handlers/<service>/*.ts do.
    return { doc, n: i + 1, code, file: code.includes("from '../../generated/") ? `handlers/docs/${name}` : name };
  }),
);

const root = mkdtempSync(path.join(tmpdir(), 'catwire-docs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the runtime documents', () => {
  it.each(DOCS)('%s has TypeScript examples', (doc) => {
    expect(examples.filter((e) => e.doc === doc).length).toBeGreaterThan(0);
  });

  it('every example compiles against generated code', async () => {
    if (!existsSync(path.join(REPO, 'packages/runtime/dist/index.d.ts'))) throw new Error('packages/runtime/dist is missing: run npm run build first');
    cpSync(path.join(REPO, 'catalog'), path.join(root, 'catalog'), { recursive: true });
    symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'docs-examples', private: true, type: 'module' }));
    const generated = await cli(['generate', '--no-cache'], root);
    expect(generated.code, generated.err).toBe(0);
    for (const { code, file } of examples) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      // Each example is a module of its own (top-level await, no shared names).
      writeFileSync(path.join(root, file), `${code}\nexport {};\n`);
    }
    writeFileSync(
      path.join(root, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true,
          types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')],
        },
        include: ['generated', 'handlers', '*.ts'],
      }),
    );
    const errors = await typeCheck(root);
    const where = (file: string) => {
      const example = examples.find((e) => path.join(root, e.file) === path.resolve(root, file));
      return example ? `${example.doc} example ${example.n} (of ${examples.filter((e) => e.doc === example.doc).length})` : file;
    };
    expect(errors.map((e) => `${where(e.file)}:${e.line} ${e.code} ${e.message}`)).toEqual([]);
  }, 120_000);
});
