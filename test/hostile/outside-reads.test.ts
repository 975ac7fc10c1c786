/**
 * Hostile corpus, class "reading outside the catalog": symbolic links (to files, folders,
 * themselves), `$ref`s that leave the folder (relative, absolute, file: URLs) in JSON
 * Schemas, AsyncAPI and OpenAPI documents and in files those reach, FIFOs (whose opening
 * would hang the run), remote references (a local server counts any fetch), and a folder
 * named `..data` that merely looks like a way out. A secret outside the catalog must never
 * show up in any output or generated file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { BASE_FILES, type FileMap } from '../helpers/catalog-fixture.js';
import { fifo, link, put } from './fs-setup.js';
import { hostileSuite, type CaseResult, type HostileCase } from './harness.js';

const SECRET = 'TOP-SECRET-a7f3c9';
const EVENT_DIR = 'services/Producer/events/ThingHappened';
const EVENT = `${EVENT_DIR}/index.mdx`;
/** From the event's folder to the project folder that holds catalog/ and secret.json. */
const UP = '../../../../..';

const event = (fields: object) => ({ id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'x', owners: ['core'], ...fields });
const withSchema = (schema: object, extra: FileMap = {}): FileMap => ({ ...BASE_FILES, [`${EVENT_DIR}/schema.json`]: schema, ...extra });
const producerWithSpec = (type: 'asyncapi' | 'openapi', file: string) => ({
  id: 'producer', name: 'Producer', version: '1.0.0', summary: 'Sends', owners: ['core'],
  sends: [{ id: 'thing-happened', version: '1.0.0' }], specifications: [{ type, path: file }],
});
const asyncapi = (payload: object) => ({
  asyncapi: '3.0.0', info: { title: 'Producer', version: '1.0.0' },
  channels: { things: { address: 'things', messages: { ThingHappened: { name: 'thing-happened', payload } } } },
  operations: { sendThing: { action: 'send', channel: { $ref: '#/channels/things' }, messages: [{ $ref: '#/channels/things/messages/ThingHappened' }] } },
});
const openapi = (schema: object) => ({
  openapi: '3.0.3', info: { title: 'Producer', version: '1.0.0' },
  paths: { '/things': { post: { operationId: 'thing-happened', requestBody: { content: { 'application/json': { schema } } }, responses: { 200: { description: 'ok' } } } } },
});

/** The secret file outside the catalog, beside catalog/ (a JSON Schema, so a resolver would gladly inline it). */
function writeSecret(project: string): void {
  put(path.join(project, 'secret.json'), JSON.stringify({ type: 'object', description: SECRET, properties: { [SECRET]: { type: 'string' } } }));
  put(path.join(project, 'secret.yaml'), `type: object\ndescription: ${SECRET}\n`);
}

/** Text of every file under `dir` (missing folder: nothing). */
function textsUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries.map((e) => path.join(dir, e)).filter((f) => statSync(f).isFile()).map((f) => readFileSync(f, 'utf8'));
}

/** Neither the secret nor /etc/passwd nor the environment's secret appears in any output or generated file. */
function nothingLeaked({ project, runs }: CaseResult): void {
  const texts = [...runs.map((r) => r.out + r.err), ...textsUnder(path.join(project, 'out')), ...textsUnder(path.join(project, 'handlers'))];
  for (const text of texts) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/root:x?:0:0/);
    expect(text).not.toContain('hostile-secret-value');
  }
}

/** A case expecting exit 1 with CW023 and the given text, set up with the secret beside the catalog. */
function refused(name: string, files: FileMap, says: string, setup?: HostileCase['setup']): HostileCase {
  return {
    name,
    files,
    setup: (paths) => {
      writeSecret(paths.project);
      setup?.(paths);
    },
    exit: 1,
    codes: ['CW023'],
    says: [says],
    verify: nothingLeaked,
  };
}

// A local server that counts requests: a remote $ref must never be fetched.
let fetched = 0;
const server = http.createServer((_req, res) => {
  fetched += 1;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ type: 'object', description: SECRET }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const REMOTE = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;
afterAll(() => server.close());
const notFetched = (result: CaseResult) => {
  expect(fetched, 'requests to the remote $ref').toBe(0);
  nothingLeaked(result);
};

const { [`${EVENT_DIR}/schema.json`]: _schema, ...WITHOUT_SCHEMA } = BASE_FILES;
const at = (catalog: string, file: string) => path.join(catalog, file);

const cases: HostileCase[] = [
  // Paths in frontmatter.
  refused(
    'schemaPath with ../ to a file beside the catalog',
    { ...BASE_FILES, [EVENT]: event({ schemaPath: `${UP}/secret.json` }) },
    `${EVENT}:8 schemaPath — "${UP}/secret.json" points outside the catalog folder.`,
  ),
  refused('schemaPath as an absolute path', { ...BASE_FILES, [EVENT]: event({ schemaPath: '/etc/passwd' }) }, `${EVENT}:8 schemaPath — "/etc/passwd" points outside the catalog folder.`),
  refused('schemaPath as a file: URL', { ...BASE_FILES, [EVENT]: event({ schemaPath: 'file:///etc/passwd' }) }, `${EVENT}:8 schemaPath — "/etc/passwd" points outside the catalog folder.`),
  refused(
    'a specification path with ../',
    { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('asyncapi', '../../../secret.yaml') },
    'services/Producer/index.mdx:13 specifications[0].path — "../../../secret.yaml" points outside the catalog folder.',
  ),

  // Symbolic links.
  refused(
    'a schema file that is a symlink to a file outside',
    WITHOUT_SCHEMA,
    `${EVENT}:8 schemaPath — "schema.json" is a symbolic link that leads outside the catalog folder. Keep referenced files inside the catalog and use a path relative to this resource.`,
    ({ catalog, project }) => link(path.join(project, 'secret.json'), at(catalog, `${EVENT_DIR}/schema.json`)),
  ),
  refused(
    'a schema file that is a relative symlink to /etc/passwd',
    WITHOUT_SCHEMA,
    `${EVENT_DIR}/schema.json — the entry is a symbolic link that leads outside the catalog folder.`,
    ({ catalog }) => link('../../../../../../../../../../etc/passwd', at(catalog, `${EVENT_DIR}/schema.json`)),
  ),
  refused(
    'a schema file that is a symlink to /proc/self/environ (the secrets of the environment)',
    WITHOUT_SCHEMA,
    `${EVENT_DIR}/schema.json — the entry is a symbolic link that leads outside the catalog folder.`,
    ({ catalog }) => link('/proc/self/environ', at(catalog, `${EVENT_DIR}/schema.json`)),
  ),
  refused(
    'a folder symlink to a folder outside holding a whole event',
    BASE_FILES,
    'services/Producer/events/Outside — the entry is a symbolic link that leads outside the catalog folder. Remove the link, or put the file itself in the catalog folder.',
    ({ catalog, project }) => {
      put(path.join(project, 'elsewhere/index.mdx'), `---\nid: outside-event\nname: ${SECRET}\nversion: 1.0.0\nschemaPath: schema.json\n---\n`);
      put(path.join(project, 'elsewhere/schema.json'), readFileSync(path.join(project, 'secret.json'), 'utf8'));
      link(path.join(project, 'elsewhere'), at(catalog, 'services/Producer/events/Outside'));
    },
  ),
  refused(
    'a schemaPath through a folder symlink that leads outside',
    { ...WITHOUT_SCHEMA, [EVENT]: event({ schemaPath: 'shared/secret.json' }) },
    `${EVENT}:8 schemaPath — "shared/secret.json" is a symbolic link that leads outside the catalog folder.`,
    ({ catalog, project }) => link(project, at(catalog, `${EVENT_DIR}/shared`)),
  ),
  refused(
    'an examples folder that is a symlink outside',
    BASE_FILES,
    `${EVENT_DIR}/examples — the entry is a symbolic link that leads outside the catalog folder.`,
    ({ catalog, project }) => {
      put(path.join(project, 'examples-outside/leak.json'), JSON.stringify({ id: SECRET }));
      link(path.join(project, 'examples-outside'), at(catalog, `${EVENT_DIR}/examples`));
    },
  ),
  refused(
    'an index.mdx that links to itself (a loop)',
    BASE_FILES,
    'services/Looping/index.mdx — the entry is a symbolic link that loops.',
    ({ catalog }) => link('index.mdx', at(catalog, 'services/Looping/index.mdx')),
  ),
  {
    name: 'a folder symlink back up the catalog (a loop) is listed, not walked',
    files: BASE_FILES,
    setup: ({ catalog }) => {
      link('..', at(catalog, 'services/Producer/loop'));
      link('../..', at(catalog, 'services/Consumer/again'));
    },
    exit: 0,
  },
  {
    name: 'a symlink to a file inside the catalog is read',
    files: { ...BASE_FILES, [EVENT]: event({ schemaPath: 'linked.json' }) },
    setup: ({ catalog }) => link('schema.json', at(catalog, `${EVENT_DIR}/linked.json`)),
    exit: 0,
  },

  // $ref in JSON Schemas, and in the files they reach.
  refused(
    'a schema $ref with ../ to a file beside the catalog',
    withSchema({ type: 'object', properties: { leak: { $ref: `${UP}/secret.json` } } }),
    `${EVENT_DIR}/schema.json:5 properties.leak.$ref — $ref "${UP}/secret.json" points outside the catalog folder. Keep referenced files inside the catalog and point to them with a relative $ref.`,
  ),
  refused(
    'a schema $ref to an absolute path',
    withSchema({ type: 'object', properties: { leak: { $ref: '/etc/passwd' } } }),
    `${EVENT_DIR}/schema.json:5 properties.leak.$ref — $ref "/etc/passwd" points outside the catalog folder.`,
  ),
  refused(
    'a schema $ref as a file: URL with a pointer',
    withSchema({ type: 'object', properties: { leak: { $ref: 'file:///etc/passwd#/x' } } }),
    `properties.leak.$ref — $ref "file:///etc/passwd#/x" points outside the catalog folder.`,
  ),
  refused(
    'a schema $ref through a file inside that refers outside (nested)',
    withSchema({ type: 'object', properties: { money: { $ref: '../../../../shared/money.json' } } }, {
      'shared/money.json': { type: 'object', properties: { leak: { $ref: '../../secret.json' } } },
    }),
    'shared/money.json:5 properties.leak.$ref — $ref "../../secret.json" points outside the catalog folder.',
  ),
  refused(
    'a schema $ref to a symlink inside that leads outside',
    withSchema({ type: 'object', properties: { leak: { $ref: 'leak.json' } } }),
    `${EVENT_DIR}/schema.json:5 properties.leak.$ref — $ref "leak.json" is a symbolic link that leads outside the catalog folder.`,
    ({ catalog, project }) => link(path.join(project, 'secret.json'), at(catalog, `${EVENT_DIR}/leak.json`)),
  ),
  {
    name: 'a schema $ref to a remote URL is never fetched',
    files: withSchema({ type: 'object', properties: { far: { $ref: REMOTE } } }),
    exit: 1,
    codes: ['CW021'],
    verify: notFetched,
  },

  // $ref in AsyncAPI and OpenAPI documents.
  refused(
    'an AsyncAPI payload $ref with ../',
    { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('asyncapi', 'asyncapi.json'), 'services/Producer/asyncapi.json': asyncapi({ $ref: '../../../secret.yaml' }) },
    'services/Producer/asyncapi.json:14 channels.things.messages.ThingHappened.payload.$ref — $ref "../../../secret.yaml" points outside the catalog folder.',
  ),
  refused(
    'an AsyncAPI payload $ref as a file: URL',
    { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('asyncapi', 'asyncapi.json'), 'services/Producer/asyncapi.json': asyncapi({ $ref: 'file:///etc/passwd' }) },
    'channels.things.messages.ThingHappened.payload.$ref — $ref "file:///etc/passwd" points outside the catalog folder.',
  ),
  refused(
    'an AsyncAPI $ref through a components file inside that refers outside (nested)',
    {
      ...BASE_FILES,
      'services/Producer/index.mdx': producerWithSpec('asyncapi', 'asyncapi.json'),
      'services/Producer/asyncapi.json': asyncapi({ $ref: 'components.yaml#/Thing' }),
      'services/Producer/components.yaml': `Thing:\n  $ref: '../../../secret.yaml'\n`,
    },
    'services/Producer/components.yaml:2 Thing.$ref — $ref "../../../secret.yaml" points outside the catalog folder.',
  ),
  {
    name: 'an AsyncAPI payload $ref to a remote URL is never fetched',
    files: { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('asyncapi', 'asyncapi.json'), 'services/Producer/asyncapi.json': asyncapi({ $ref: REMOTE }) },
    codes: ['CW043'],
    says: [`$ref "${REMOTE}" is remote and is not fetched`],
    verify: notFetched,
  },
  refused(
    'an OpenAPI request schema $ref to an absolute path',
    { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('openapi', 'openapi.json'), 'services/Producer/openapi.json': openapi({ $ref: '/etc/passwd' }) },
    'services/Producer/openapi.json:15 paths./things.post.requestBody.content.application/json.schema.$ref — $ref "/etc/passwd" points outside the catalog folder.',
  ),
  refused(
    'an OpenAPI $ref to a symlink inside that leads outside',
    { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('openapi', 'openapi.json'), 'services/Producer/openapi.json': openapi({ $ref: 'schemas/thing.json' }) },
    '$ref "schemas/thing.json" is a symbolic link that leads outside the catalog folder.',
    ({ catalog, project }) => link(path.join(project, 'secret.json'), at(catalog, 'services/Producer/schemas/thing.json')),
  ),
  {
    name: 'an OpenAPI $ref to a remote URL is never fetched',
    files: { ...BASE_FILES, 'services/Producer/index.mdx': producerWithSpec('openapi', 'openapi.json'), 'services/Producer/openapi.json': openapi({ $ref: REMOTE }) },
    codes: ['CW043'],
    verify: notFetched,
  },

  // FIFOs: opening one for reading blocks forever.
  refused(
    'a FIFO as the schema file',
    WITHOUT_SCHEMA,
    `${EVENT}:8 schemaPath — "schema.json" is not a regular file (a FIFO, socket or device), so it is not read. Replace it with a regular file inside the catalog folder.`,
    ({ catalog }) => fifo(at(catalog, `${EVENT_DIR}/schema.json`)),
  ),
  refused(
    'a FIFO lying unused in the catalog',
    BASE_FILES,
    'notes/pipe — the entry is not a regular file (a FIFO, socket or device), so it is not read. Remove it from the catalog folder; only regular files are read.',
    ({ catalog }) => fifo(at(catalog, 'notes/pipe')),
  ),
  refused(
    'a FIFO as an index.mdx',
    BASE_FILES,
    'services/Piped/index.mdx — the entry is not a regular file',
    ({ catalog }) => fifo(at(catalog, 'services/Piped/index.mdx')),
  ),
  refused(
    'a FIFO as an example',
    BASE_FILES,
    `${EVENT_DIR}/examples/piped.json — the entry is not a regular file`,
    ({ catalog }) => fifo(at(catalog, `${EVENT_DIR}/examples/piped.json`)),
  ),
  refused(
    'a FIFO as the target of a schema $ref',
    withSchema({ type: 'object', properties: { p: { $ref: 'piped.json' } } }),
    `${EVENT_DIR}/schema.json:5 properties.p.$ref — $ref "piped.json" is not a regular file (a FIFO, socket or device), so it is not read.`,
    ({ catalog }) => fifo(at(catalog, `${EVENT_DIR}/piped.json`)),
  ),
  refused(
    'a symlink to /dev/zero as the schema file',
    WITHOUT_SCHEMA,
    `${EVENT_DIR}/schema.json — the entry is a symbolic link that leads outside the catalog folder.`,
    ({ catalog }) => link('/dev/zero', at(catalog, `${EVENT_DIR}/schema.json`)),
  ),

  // Names that only look like a way out.
  {
    name: 'a folder named ..data inside the catalog is read',
    files: {
      ...WITHOUT_SCHEMA,
      [EVENT]: event({ schemaPath: '..data/schema.json' }),
      [`${EVENT_DIR}/..data/schema.json`]: { type: 'object', properties: { id: { $ref: '..shared/id.json' } } },
      [`${EVENT_DIR}/..data/..shared/id.json`]: { type: 'string' },
    },
    exit: 0,
    verify: ({ project }) => {
      expect(textsUnder(path.join(project, 'out')).join('\n')).toContain('id');
    },
  },

  // The handlers folder comes with the pull request too: generate and check read it (listed,
  // not followed), so a FIFO there must not hang them and a link must not pass a file off as a handler.
  {
    name: 'a FIFO in the handlers folder',
    files: BASE_FILES,
    setup: ({ project }) => fifo(path.join(project, 'handlers/consumer/piped.ts')),
  },
  {
    name: 'a handler that is a link to a secret outside the project',
    files: BASE_FILES,
    setup: ({ project }) => {
      writeSecret(project);
      link(path.join(project, 'secret.json'), path.join(project, 'handlers/consumer/thing-happened.ts'));
    },
    // The link itself stays in handlers/ (catwire never writes through it); what catwire printed
    // and generated must not hold the secret.
    verify: ({ runs, project }) => {
      for (const text of [...runs.map((r) => r.out + r.err), ...textsUnder(path.join(project, 'out'))]) expect(text).not.toContain(SECRET);
      // Nor was a stub written through the link onto the file outside.
      expect(JSON.parse(readFileSync(path.join(project, 'secret.json'), 'utf8')).description).toBe(SECRET);
    },
  },
];
hostileSuite('reading outside the catalog', cases);
