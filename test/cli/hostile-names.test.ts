/**
 * Names from a catalog can contain anything. Generated code from hostile ids, names, summaries
 * and property names must compile, and nothing from the catalog may become code: the marker
 * identifier INJECTED must never appear as a token outside strings and comments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../cli/tree.js';
import type { FileMap } from '../helpers/catalog-fixture.js';
import { tempProject, typeCheck, type TempProject } from '../helpers/project.js';
import { cli } from '../helpers/run-cli.js';

const EVIL = [
  'order"); INJECTED(); ("',
  "it's `${INJECTED()}` time",
  '*/ INJECTED(); /*',
  'class',
  '3d-secure-passed',
  'Größe-geändert',
  'OrderCancelled',
  'order-cancelled',
  'constructor',
  '__proto__',
  'then',
];
const owned = { owners: ['core'] };
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  description: '*/ INJECTED(); /* and a line\u2028separator',
  type: 'object',
  required: ['"quoted"', 'class'],
  properties: {
    '"quoted"': { type: 'string', description: '*/ INJECTED() /*' },
    class: { type: 'integer' },
    '123abc': { type: 'string', enum: ['a"b', "c'd", '`e`', '${INJECTED()}'] },
    'a b': { type: 'boolean' },
    '*/': { type: 'string' },
  },
  additionalProperties: false,
};

function hostileCatalog(): FileMap {
  const files: Record<string, string | object> = { 'teams/core.mdx': { id: 'core', name: 'Core', summary: 'Core' } };
  EVIL.forEach((id, i) => {
    files[`services/P/events/E${i}/index.mdx`] = { id, name: `${id} name`, version: '1.0.0', summary: `*/ INJECTED(); /* ${id}`, ...owned, schemaPath: 'schema.json' };
    files[`services/P/events/E${i}/schema.json`] = schema;
  });
  files['services/P/index.mdx'] = {
    id: 'producer"; INJECTED(); "', name: '`${INJECTED()}` */ producer', version: '1.0.0', summary: '*/ INJECTED(); /*', ...owned,
    sends: EVIL.map((id) => ({ id })),
  };
  files['services/C/index.mdx'] = { id: 'class', name: 'then', version: '1.0.0', summary: 's', ...owned, receives: EVIL.map((id) => ({ id })) };
  files['services/D/index.mdx'] = { id: 'Class', name: 'Class again', version: '1.0.0', summary: 's', ...owned, receives: [{ id: 'then' }] };
  return files;
}

let project: TempProject;
beforeAll(async () => {
  project = tempProject(hostileCatalog());
  const result = await cli(['generate', '--runtime', project.runtime], project.root);
  expect(result.code, result.err).toBe(0);
});
afterAll(() => project.cleanup());

function identifiers(text: string): Set<string> {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
  const found = new Set<string>();
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.Identifier) found.add(scanner.getTokenText());
    // Template literals would put code back into play; generated code must not contain any.
    expect(token).not.toBe(ts.SyntaxKind.TemplateHead);
  }
  return found;
}

describe('hostile names', () => {
  it('generates code that type-checks', async () => {
    expect(await typeCheck(project.root)).toEqual([]);
  });

  it('never turns catalog text into code', () => {
    const files = [...readTree(path.join(project.root, 'generated')), ...readTree(path.join(project.root, 'handlers'))].filter(([p]) => p.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    for (const [file, text] of files) expect(identifiers(text).has('INJECTED'), file).toBe(false);
  });

  it('keeps names apart that collide after case folding', () => {
    // Services "Class" and "class" share a folder name once case is folded: "class" sorts after "Class".
    const contract = readFileSync(path.join(project.root, 'generated/services/class-2/contract.ts'), 'utf8');
    expect(contract).toContain('orderCancelled: defineMessage<OrderCancelled>');
    expect(contract).toContain('orderCancelled2: defineMessage<OrderCancelled2>');
    expect(contract).toContain('id: "class"');
    expect(readTree(path.join(project.root, 'generated/services')).has('class/contract.ts')).toBe(true);
    expect(readTree(path.join(project.root, 'handlers/class-2')).has('order-cancelled-2.ts')).toBe(true);
  });
});
