/**
 * Hostile corpus, class "bounded work": YAML alias bombs (front matter, schemas, specs,
 * examples), documents nested thousands deep, files of 20 MB, `$ref` cycles and circular
 * `allOf` — each must end in a diagnostic or in output within the harness's budget, never in
 * a stack overflow, an internal error or a run that does not end. Also names that crash
 * naive readers (`__proto__`, `constructor`, ids of 5,000 characters).
 */
import { existsSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BASE_FILES, type FileMap } from '../helpers/catalog-fixture.js';
import { expect } from 'vitest';
import { hostileSuite, type Command, type HostileCase } from './harness.js';

const EVENT_DIR = 'services/Producer/events/ThingHappened';
const EVENT = `${EVENT_DIR}/index.mdx`;
const event = (fields: object) => ({ id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'x', owners: ['core'], ...fields });
const withSchema = (schema: object | string, file = 'schema.json', extra: FileMap = {}): FileMap => {
  const { [`${EVENT_DIR}/schema.json`]: _old, ...rest } = BASE_FILES;
  return { ...rest, [EVENT]: event({ schemaPath: file }), [`${EVENT_DIR}/${file}`]: schema, ...extra };
};

/** Nine levels of nine aliases each: 9^9 (387 million) values once expanded. */
function aliasBomb(indent = ''): string {
  const lines = [`${indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i <= 9; i++) lines.push(`${indent}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

const deepJson = (depth: number) => `${'{"properties":{"x":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
const deepFlow = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

const producerWithSpec = (file: string) => ({
  id: 'producer', name: 'Producer', version: '1.0.0', summary: 'Sends', owners: ['core'],
  sends: [{ id: 'thing-happened', version: '1.0.0' }], specifications: [{ type: 'asyncapi', path: file }],
});
const asyncapiJson = (payload: object, components: object = {}) => ({
  asyncapi: '3.0.0', info: { title: 'Producer', version: '1.0.0' },
  channels: { things: { address: 'things', messages: { ThingHappened: { name: 'thing-happened', payload } } } },
  operations: { sendThing: { action: 'send', channel: { $ref: '#/channels/things' }, messages: [{ $ref: '#/channels/things/messages/ThingHappened' }] } },
  components,
});

/** A file of `megabytes` MB (sparse: cheap to make, and its size is what is checked). */
const bigFile = (relative: string, megabytes: number): HostileCase['setup'] => ({ catalog }) => {
  const file = path.join(catalog, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '{"type":"object"}');
  truncateSync(file, megabytes * 1024 * 1024);
};

const TREE = {
  $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id'],
  properties: { id: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
};

/**
 * Circular allOf, a bare self-$ref and property names such as hasOwnProperty are judged here on
 * the load, model and check side; generating code from them is the emit side's (its corpus).
 */
const LOAD_SIDE: readonly Command[] = ['validate', 'check'];

const cases: HostileCase[] = [
  // YAML aliases.
  {
    name: 'an alias bomb in front matter',
    files: { ...BASE_FILES, 'teams/core.mdx': `---\nid: core\nname: Core\n${aliasBomb()}\n---\n` },
    exit: 1,
    codes: ['CW026'],
    says: ['teams/core.mdx:2 — the frontmatter is not read: it expands to more than 1,000,000 values (YAML aliases count once per use). Write the values out without YAML anchors and aliases, or split the document.'],
  },
  {
    name: 'an alias bomb under a key in front matter (merge keys)',
    files: { ...BASE_FILES, 'teams/core.mdx': `---\nid: core\nname: Core\nx-data:\n${aliasBomb('  ')}\n  x: { <<: *a9 }\n---\n` },
    exit: 1,
    codes: ['CW026'],
  },
  {
    name: 'a few aliases in front matter are fine',
    files: { ...BASE_FILES, 'teams/core.mdx': '---\nid: &id core\nname: Core team\nsummary: Owns everything here\nx-also: [*id, *id, *id]\n---\n' },
    exit: 0,
  },
  {
    name: 'an alias bomb in a YAML schema',
    files: withSchema(`type: object\n${aliasBomb()}\n`, 'schema.yaml'),
    exit: 1,
    codes: ['CW026'],
    says: [`${EVENT_DIR}/schema.yaml — the schema is not read: it expands to more values than are read (its YAML aliases are past the limit).`],
  },
  {
    name: 'an alias bomb in an AsyncAPI YAML document',
    files: {
      ...BASE_FILES,
      'services/Producer/index.mdx': producerWithSpec('asyncapi.yaml'),
      'services/Producer/asyncapi.yaml': `asyncapi: 3.0.0\ninfo: { title: P, version: 1.0.0 }\nx-bomb:\n${aliasBomb('  ')}\n`,
    },
    exit: 1,
    codes: ['CW026'],
  },
  {
    name: 'an alias bomb in a YAML example',
    files: { ...BASE_FILES, [`${EVENT_DIR}/examples/bomb.yaml`]: `${aliasBomb()}\n` },
    exit: 1,
    codes: ['CW026'],
  },

  // Nesting.
  {
    name: 'a JSON schema nested 10,000 levels deep',
    files: withSchema(deepJson(10_000)),
    exit: 1,
    codes: ['CW025'],
    says: [`${EVENT_DIR}/schema.json — the schema is not read: it nests objects or arrays more than 128 levels deep. Flatten the document: move nested parts into definitions and point to them with $ref.`],
  },
  {
    name: 'a YAML schema nested 10,000 levels deep',
    files: withSchema(`type: object\nx-deep: ${deepFlow(10_000)}\n`, 'schema.yaml'),
    exit: 1,
    codes: ['CW025'],
  },
  {
    name: 'front matter nested 10,000 levels deep',
    files: { ...BASE_FILES, 'teams/core.mdx': `---\nid: core\nname: Core\nx-deep: ${deepFlow(10_000)}\n---\n` },
    exit: 1,
    codes: ['CW025'],
  },
  {
    name: 'JSON front matter nested 10,000 levels deep',
    files: { ...BASE_FILES, 'teams/core.mdx': `---json\n{"id":"core","name":"Core","x-deep":${deepFlow(10_000)}}\n---\n` },
    exit: 1,
    codes: ['CW025'],
  },
  {
    name: 'an AsyncAPI document nested 5,000 levels deep',
    files: { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('asyncapi.json'), 'services/Producer/asyncapi.json': JSON.stringify(asyncapiJson({ $deep: true })).replace('{"$deep":true}', deepJson(5_000)) },
    exit: 1,
    codes: ['CW025'],
  },
  {
    name: 'an example nested 10,000 levels deep',
    files: { ...BASE_FILES, [`${EVENT_DIR}/examples/deep.json`]: deepFlow(10_000) },
    exit: 1,
    codes: ['CW025'],
  },
  {
    name: 'a schema $ref to a file nested 10,000 levels deep',
    files: withSchema({ type: 'object', properties: { d: { $ref: 'deep.json' } } }, 'schema.json', { [`${EVENT_DIR}/deep.json`]: deepJson(10_000) }),
    exit: 1,
  },
  {
    name: 'a schema nested 40 object levels deep (inside the bound) is generated',
    files: withSchema(JSON.parse(`${'{"type":"object","properties":{"x":'.repeat(40)}{"type":"string"}${'}}'.repeat(40)}`)),
    exit: 0,
  },

  // Size.
  {
    name: 'a 20 MB schema',
    files: withSchema({ type: 'object' }),
    setup: bigFile(`${EVENT_DIR}/schema.json`, 20),
    exit: 1,
    codes: ['CW024'],
    says: [`${EVENT}:8 schemaPath — "schema.json" is 20 MB, above the limit of 4 MB, so it is not read. Split the document into smaller files joined by $ref, or remove what the catalog does not need.`],
  },
  {
    name: 'a 20 MB index.mdx',
    files: { ...BASE_FILES, 'services/Huge/index.mdx': '---\nid: huge\n---\n' },
    setup: bigFile('services/Huge/index.mdx', 20),
    exit: 1,
    codes: ['CW024'],
  },
  {
    name: 'a 20 MB AsyncAPI document',
    files: { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('asyncapi.json'), 'services/Producer/asyncapi.json': '{}' },
    setup: bigFile('services/Producer/asyncapi.json', 20),
    exit: 1,
    codes: ['CW024'],
  },
  {
    name: 'a 20 MB file the catalog does not use is not read',
    files: BASE_FILES,
    setup: bigFile('public/video.json', 20),
    exit: 0,
  },

  // Cycles.
  {
    name: 'a recursive schema (a tree) is generated',
    files: withSchema(TREE),
    exit: 0,
  },
  {
    name: 'a schema that is only a $ref to itself',
    files: withSchema({ $ref: '#' }),
    commands: LOAD_SIDE,
  },
  {
    name: 'circular allOf between two definitions',
    files: withSchema({
      type: 'object', required: ['id'], properties: { id: { type: 'string' }, a: { $ref: '#/definitions/A' } },
      definitions: { A: { allOf: [{ $ref: '#/definitions/B' }] }, B: { allOf: [{ $ref: '#/definitions/A' }] } },
    }),
    commands: LOAD_SIDE,
  },
  {
    name: 'a $ref cycle between two files',
    files: withSchema({ type: 'object', properties: { a: { $ref: 'a.json' } } }, 'schema.json', {
      [`${EVENT_DIR}/a.json`]: { type: 'object', properties: { b: { $ref: 'b.json' } } },
      [`${EVENT_DIR}/b.json`]: { type: 'object', properties: { a: { $ref: 'a.json' } } },
    }),
  },
  {
    name: 'a schema whose $ref points at the schema file itself',
    files: withSchema({ type: 'object', properties: { again: { $ref: 'schema.json' } } }),
  },
  {
    name: 'a circular AsyncAPI payload compared with the catalog schema (spec drift)',
    files: {
      ...withSchema(TREE),
      'services/Producer/index.mdx': producerWithSpec('asyncapi.json'),
      'services/Producer/asyncapi.json': asyncapiJson({ $ref: '#/components/schemas/Tree' }, {
        schemas: { Tree: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } } },
      }),
    },
  },
  {
    name: 'circular allOf in an AsyncAPI payload',
    files: {
      ...BASE_FILES,
      'services/Producer/index.mdx': producerWithSpec('asyncapi.json'),
      'services/Producer/asyncapi.json': asyncapiJson({ $ref: '#/components/schemas/A' }, {
        schemas: { A: { allOf: [{ $ref: '#/components/schemas/B' }] }, B: { allOf: [{ $ref: '#/components/schemas/A' }] } },
      }),
    },
  },

  // Names that trip naive readers.
  {
    name: '__proto__, constructor and hasOwnProperty as keys in front matter and schema',
    files: {
      ...withSchema({ type: 'object', properties: { __proto__: { type: 'string' }, constructor: { type: 'string' }, hasOwnProperty: { type: 'string' } } }),
      'teams/core.mdx': '---\nid: core\nname: Core team\nsummary: Owns everything here\n__proto__: { polluted: true }\nconstructor: x\nhasOwnProperty: 1\n---\n',
    },
    commands: LOAD_SIDE,
  },
  {
    // Its handler stub's file name is too long for the file system: generate fails after it began staging.
    name: 'an id of 5,000 characters',
    files: { ...BASE_FILES, 'services/Consumer/index.mdx': { id: 'c'.repeat(5_000), name: 'Consumer', version: '1.0.0', summary: 'x', owners: ['core'], receives: [{ id: 'thing-happened' }] } },
  },

  // Failing midway: the output folder is being staged when writing the handler stubs fails.
  {
    name: 'a file where the handlers folder must go: generate fails midway and leaves no staging folder',
    files: BASE_FILES,
    setup: ({ project }) => writeFileSync(path.join(project, 'handlers'), 'not a folder'),
    commands: ['generate'],
    exit: 1,
    says: ['catwire generate: cannot write handlers (ENOTDIR); nothing was written.'],
    verify: ({ project }) => {
      expect(existsSync(path.join(project, 'out'))).toBe(false);
    },
  },
];

hostileSuite('bounded work', cases);
