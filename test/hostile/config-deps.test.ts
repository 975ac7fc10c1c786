/**
 * Hostile corpus, class "handler deps config": catwire.config.json's `deps` values become a
 * generated `import type` line, so each one here tries to leave the project, break out of the
 * import's string or name, or import something that runs. generate and check refuse them with
 * a diagnostic; nothing is written and the marker never appears.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { BASE_FILES } from '../helpers/catalog-fixture.js';
import { hostileSuite, type HostileCase } from './harness.js';

const RUN_MARKER = "import { writeFileSync } from 'node:fs'; writeFileSync(process.env.CATWIRE_HOSTILE_MARKER ?? '', 'ran');";

function withDeps(name: string, deps: unknown, code: string, says: string, extra?: (project: string) => void): HostileCase {
  return {
    name,
    files: BASE_FILES,
    commands: ['generate', 'check'],
    exit: 1,
    codes: [code],
    says: [says],
    setup: ({ project, marker }) => {
      mkdirSync(path.join(project, 'src'), { recursive: true });
      writeFileSync(path.join(project, 'src/deps.ts'), `export interface AppDeps {}\n${RUN_MARKER.replace("process.env.CATWIRE_HOSTILE_MARKER ?? ''", JSON.stringify(marker))}\n`);
      extra?.(project);
      writeFileSync(path.join(project, 'catwire.config.json'), JSON.stringify({ deps }, null, 2));
    },
    verify: ({ project }) => {
      // Nothing was generated from the refused config.
      expect(existsSync(path.join(project, 'out'))).toBe(false);
    },
  };
}

const cases: HostileCase[] = [
  withDeps('a type name that closes the import and adds a statement', { default: './src/deps.ts#AppDeps } from "./src/deps.js"; import "./src/deps.js"; //' }, 'CW065', 'does not end in "#" and an exported type\'s name'),
  withDeps('a path with a quote that ends the import string', { default: './src/deps.js"; import "./src/deps.ts#AppDeps' }, 'CW065', 'is not a relative path to a TypeScript or JavaScript module'),
  withDeps('a path with a newline', { default: './src/deps.ts\nimport "./src/deps.js";#AppDeps' }, 'CW065', 'is not a relative path to a TypeScript or JavaScript module'),
  withDeps('a bare package name (a package could run code when imported)', { default: 'node:child_process#ChildProcess' }, 'CW065', 'is not a relative path to a TypeScript or JavaScript module'),
  withDeps('an absolute path', { default: '/etc/passwd.ts#AppDeps' }, 'CW065', 'is not a relative path to a TypeScript or JavaScript module'),
  withDeps('a path climbing out of the project', { services: { producer: '../../../../etc/deps.ts#AppDeps' } }, 'CW066', 'points outside the project'),
  withDeps('a link to a module outside the project', { default: './src/outside.ts#AppDeps' }, 'CW066', 'is a link to a file outside the project', (project) =>
    symlinkSync('/etc/hostname', path.join(project, 'src/outside.ts')),
  ),
  withDeps('a folder named like a module', { default: './src/folder.ts#AppDeps' }, 'CW067', 'names no file of the project', (project) =>
    mkdirSync(path.join(project, 'src/folder.ts')),
  ),
  withDeps('a deps section that is a list', ['./src/deps.ts#AppDeps'], 'CW064', 'the handler dependencies section is not an object'),
  withDeps('a very long type reference', { default: `./${'a/'.repeat(20_000)}deps.ts#AppDeps` }, 'CW067', 'names no file of the project'),
];

hostileSuite('handler deps config', cases);
