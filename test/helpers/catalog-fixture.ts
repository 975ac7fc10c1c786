/**
 * Small catalogs written to a temp folder from a map of files, so each rule's test shows its
 * whole input next to its expected output.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export type FileMap = Readonly<Record<string, string | object>>;

/** An index.mdx text from a frontmatter object (strings are written as given). */
export function mdx(frontmatter: object, body = ''): string {
  return `---\n${stringify(frontmatter)}---\n${body}`;
}

export function writeCatalog(files: FileMap): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'catwire-fixture-'));
  for (const [file, content] of Object.entries(files)) {
    const abs = path.join(root, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    const text =
      typeof content === 'string' ? content : file.endsWith('.mdx') || file.endsWith('.md') ? mdx(content) : JSON.stringify(content, null, 2);
    writeFileSync(abs, text);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The smallest valid catalog: a team, a producer and a consumer of one event. */
export const BASE_FILES: FileMap = {
  'teams/core.mdx': { id: 'core', name: 'Core team', summary: 'Owns everything here' },
  'services/Producer/index.mdx': {
    id: 'producer', name: 'Producer', version: '1.0.0', summary: 'Sends', owners: ['core'],
    sends: [{ id: 'thing-happened', version: '1.0.0' }],
  },
  'services/Producer/events/ThingHappened/index.mdx': {
    id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'A thing happened', owners: ['core'], schemaPath: 'schema.json',
  },
  'services/Producer/events/ThingHappened/schema.json': {
    $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id'], properties: { id: { type: 'string' } },
  },
  'services/Consumer/index.mdx': {
    id: 'consumer', name: 'Consumer', version: '1.0.0', summary: 'Receives', owners: ['core'],
    receives: [{ id: 'thing-happened' }],
  },
};
