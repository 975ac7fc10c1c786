/**
 * The proof on a whole project: a catalog carrying every hostile string in every field that
 * reaches generated code (injection-catalog.ts) is generated, type-checked under the project's
 * strict settings, scanned token by token, and its generated contract tests are run on the
 * in-memory transport (which imports every contract, type module and service module and sends
 * every sample and example). Nothing may have become code: no INJECTED identifier outside
 * strings and comments, no compiler directive in a comment, no source-map URL, and the marker
 * file that MARKER_WRITE would create is never written.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../cli/tree.js';
import { tempProject, typeCheck, type TempProject } from '../helpers/project.js';
import { cli, REPO } from '../helpers/run-cli.js';
import { injectionCatalog } from './injection-catalog.js';

let project: TempProject;
let marker: string;

beforeAll(async () => {
  project = tempProject(injectionCatalog());
  marker = path.join(project.root, 'MARKER-code-ran');
  const result = await cli(['generate', '--runtime', project.runtime], project.root);
  expect(result.code, result.err).toBe(0);
}, 60_000);
afterAll(() => project.cleanup());

const generatedTs = () =>
  [...readTree(path.join(project.root, 'generated')), ...readTree(path.join(project.root, 'handlers'))].filter(([p]) => p.endsWith('.ts'));

describe('a catalog of hostile strings in every field', () => {
  it('generates code that type-checks under strict', async () => {
    expect(await typeCheck(project.root)).toEqual([]);
  }, 60_000);

  it('turns no catalog text into code, directive or source-map URL', () => {
    const files = generatedTs();
    expect(files.length).toBeGreaterThan(40);
    for (const [file, text] of files) {
      const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
      for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
        if (token === ts.SyntaxKind.Identifier) expect(scanner.getTokenText(), file).not.toBe('INJECTED');
        if (token === ts.SyntaxKind.MultiLineCommentTrivia || token === ts.SyntaxKind.SingleLineCommentTrivia) {
          for (const line of scanner.getTokenText().split(/\r\n?|[\n\u2028\u2029]/)) expect(line, file).not.toMatch(/^\s*(?:\/|\*)*\s*@ts-/);
        }
      }
      expect(text, file).not.toMatch(/source(?:Mapping)?URL=/);
    }
  });

  it('runs its generated contract tests green, and nothing from the catalog executes', async () => {
    const report = path.join(project.root, 'report.json');
    const config = path.join(project.root, 'vitest.config.mjs');
    writeFileSync(config, "export default { test: { include: ['generated/**/*.test.ts'] } };\n");
    const args = [path.join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project.root, '--config', config, '--reporter=json', `--outputFile=${report}`];
    await new Promise<void>((resolve) => {
      execFile(process.execPath, args, { cwd: project.root, env: { ...process.env, CATWIRE_TRANSPORT: 'memory', CATWIRE_HOSTILE_MARKER: marker } }, () => resolve());
    });
    const json = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[] };
    const results = json.testResults.flatMap((f) => f.assertionResults);
    expect(results.filter((r) => r.status === 'passed').length).toBeGreaterThan(60);
    expect(results.filter((r) => r.status === 'failed').map((r) => `${r.fullName}: ${r.failureMessages[0]?.slice(0, 300)}`)).toEqual([]);
    expect(existsSync(marker), 'code from the catalog ran').toBe(false);
  }, 300_000);
});
