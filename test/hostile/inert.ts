/**
 * Checks on a hostile case's generated files: catalog text stayed data. Used by the injection
 * and generated-names corpora.
 */
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { expect } from 'vitest';
import { readTree } from '../../cli/tree.js';
import { typeCheck } from '../helpers/project.js';
import { REPO } from '../helpers/run-cli.js';

/** Every generated or stub TypeScript file of the project. */
export function generatedFiles(project: string): [string, string][] {
  const trees = ['out', 'handlers'].map((dir) => path.join(project, dir)).filter((dir) => existsSync(dir));
  return trees.flatMap((dir) => [...readTree(dir)].filter(([p]) => p.endsWith('.ts')));
}

/** No INJECTED identifier outside strings and comments, no directive in a comment, no source-map URL. */
export function expectInertFiles(project: string, atLeast = 1): void {
  const files = generatedFiles(project);
  expect(files.length, 'generated files').toBeGreaterThanOrEqual(atLeast);
  for (const [file, text] of files) {
    const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      if (token === ts.SyntaxKind.Identifier) expect(scanner.getTokenText(), file).not.toBe('INJECTED');
      expect(token, `${file}: a template literal`).not.toBe(ts.SyntaxKind.TemplateHead);
      if (token === ts.SyntaxKind.MultiLineCommentTrivia || token === ts.SyntaxKind.SingleLineCommentTrivia) {
        for (const line of scanner.getTokenText().split(/\r\n?|[\n\u2028\u2029]/)) expect(line, file).not.toMatch(/^\s*(?:\/|\*)*\s*@ts-/);
      }
    }
    expect(text, file).not.toMatch(/source(?:Mapping)?URL=/);
  }
}

/**
 * Makes the case's project compile against this repository's runtime: a config naming the
 * runtime (written before the commands run) and, for the check, installed packages and a strict
 * tsconfig.
 */
export function compilableProject(project: string): void {
  const runtime = path.relative(project, path.join(REPO, 'runtime/index.js')).split(path.sep).join('/');
  writeFileSync(path.join(project, 'catwire.config.json'), JSON.stringify({ catalog: 'catalog', out: 'out', handlers: 'handlers', runtime }));
}

export async function expectCompiles(project: string): Promise<void> {
  if (!existsSync(path.join(project, 'node_modules'))) symlinkSync(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'hostile-case', private: true, type: 'module' }));
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({ extends: path.join(REPO, 'tsconfig.json'), compilerOptions: { noEmit: true, typeRoots: [path.join(REPO, 'node_modules/@types')] }, include: ['out', 'handlers'] }),
  );
  expect(await typeCheck(project)).toEqual([]);
}
