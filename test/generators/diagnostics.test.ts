/**
 * One small catalog per diagnostic rule, with the exact text catwire prints for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeCatalog, formatDiagnostic } from '../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../helpers/catalog-fixture.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function report(files: FileMap): Promise<string[]> {
  const { root, cleanup } = writeCatalog(files);
  cleanups.push(cleanup);
  const { diagnostics } = await analyzeCatalog(root, { today: '2026-11-22' });
  return diagnostics.map((d) => `${d.code} ${formatDiagnostic(d)}`);
}

const service = (extra: object) => ({ id: 'consumer', name: 'Consumer', version: '1.0.0', summary: 'Receives', owners: ['core'], ...extra });

type Case = [name: string, files: FileMap, want: string[]];

const cases: Case[] = [
  ['a valid catalog has no diagnostics', BASE_FILES, []],
  [
    'invalid YAML in frontmatter',
    { ...BASE_FILES, 'services/Consumer/index.mdx': '---\nid: consumer\nname: [unclosed\n---\n' },
    [
      'CW001 services/Consumer/index.mdx:3 — the YAML is invalid: Flow sequence in block collection must be sufficiently indented and end with a ]. Start the file with a `---` block of YAML keys (id, name, version, ...) closed by `---`.',
    ],
  ],
  [
    'a resource without an id',
    { ...BASE_FILES, 'services/Consumer/index.mdx': { name: 'Consumer', version: '1.0.0' } },
    ['CW002 services/Consumer/index.mdx:1 id — the resource has no id. Add `id: <unique-id>` to the frontmatter; ids are unique across all resource types.'],
  ],
  [
    'an unquoted version',
    { ...BASE_FILES, 'services/Consumer/index.mdx': '---\nid: consumer\nname: Consumer\nversion: 1.0\nsummary: x\nowners: [core]\n---\n' },
    ["CW003 services/Consumer/index.mdx:4 version — version 1 is a YAML number, not a string. Quote it and use three parts: version: '1.0.0'."],
  ],
  [
    'a dangling message pointer, with a suggestion',
    { ...BASE_FILES, 'services/Consumer/index.mdx': service({ receives: [{ id: 'thing-happend' }] }) },
    [
      'CW010 services/Consumer/index.mdx:9 receives[0].id — message "thing-happend" does not exist. Did you mean "thing-happened"? Otherwise add the message or remove the pointer.',
    ],
  ],
  [
    'a pinned version that does not exist',
    { ...BASE_FILES, 'services/Consumer/index.mdx': service({ receives: [{ id: 'thing-happened', version: '0.9.0' }] }) },
    [
      'CW011 services/Consumer/index.mdx:10 receives[0].version — message "thing-happened" has no version matching "0.9.0" (versions: 1.0.0). Point to an existing version, a range such as "1.x", or "latest".',
    ],
  ],
  [
    'a range no version satisfies',
    { ...BASE_FILES, 'services/Consumer/index.mdx': service({ receives: [{ id: 'thing-happened', version: '^2.0.0' }] }) },
    [
      'CW011 services/Consumer/index.mdx:10 receives[0].version — message "thing-happened" has no version matching "^2.0.0" (versions: 1.0.0). Point to an existing version, a range such as "1.x", or "latest".',
    ],
  ],
  [
    'a dangling channel',
    { ...BASE_FILES, 'services/Consumer/index.mdx': service({ receives: [{ id: 'thing-happened', from: [{ id: 'nowhere' }] }] }) },
    ['CW010 services/Consumer/index.mdx:11 receives[0].from[0].id — channel "nowhere" does not exist. Point to an existing channel id, or add the channel.'],
  ],
  [
    'a domain pointing at a missing service',
    { ...BASE_FILES, 'domains/Shop/index.mdx': { id: 'shop', name: 'Shop', version: '1.0.0', summary: 's', owners: ['core'], services: [{ id: 'ghost' }] } },
    ['CW010 domains/Shop/index.mdx:9 services[0].id — service "ghost" does not exist. Point to an existing service id, or add the service.'],
  ],
  [
    'a duplicate id and version',
    {
      ...BASE_FILES,
      'services/Consumer/events/ThingHappened/index.mdx': { id: 'thing-happened', name: 'Copy', version: '1.0.0', summary: 'x', owners: ['core'] },
    },
    [
      'CW053 services/Consumer/events/ThingHappened/index.mdx:2 schemaPath — event "thing-happened@1.0.0" has no schema, so its payload is typed as a plain object and not validated. Add a JSON Schema next to index.mdx and point to it with schemaPath.',
      'CW004 services/Producer/events/ThingHappened/index.mdx:4 version — event "thing-happened" version 1.0.0 is also defined in services/Consumer/events/ThingHappened/index.mdx. Give one of them another id or version (older versions belong in versioned/<version>/).',
    ],
  ],
  [
    'a missing schema file',
    (({ 'services/Producer/events/ThingHappened/schema.json': _gone, ...rest }) => rest)(BASE_FILES),
    [
      'CW020 services/Producer/events/ThingHappened/index.mdx:8 schemaPath — schema file "schema.json" does not exist. Create services/Producer/events/ThingHappened/schema.json or correct the path, which is relative to the folder of index.mdx.',
    ],
  ],
  [
    'an unparsable schema file',
    { ...BASE_FILES, 'services/Producer/events/ThingHappened/schema.json': '' },
    ['CW021 services/Producer/events/ThingHappened/schema.json — the schema cannot be parsed: Unexpected end of JSON input. Fix the file so it is valid for its format (JSON for .json/.avsc, YAML for .yml).'],
  ],
  [
    'a schema path that leaves the catalog',
    {
      ...BASE_FILES,
      'services/Producer/events/ThingHappened/index.mdx': {
        id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'x', owners: ['core'], schemaPath: '../../../../../etc/passwd',
      },
    },
    ['CW023 services/Producer/events/ThingHappened/index.mdx:8 schemaPath — "../../../../../etc/passwd" points outside the catalog folder. Keep referenced files inside the catalog and use a path relative to this resource.'],
  ],
  [
    'a command nobody receives and one received twice',
    {
      ...BASE_FILES,
      'services/Producer/commands/DoIt/index.mdx': { id: 'do-it', name: 'Do it', version: '1.0.0', summary: 'x', owners: ['core'] },
      'services/Producer/commands/Twice/index.mdx': { id: 'twice', name: 'Twice', version: '1.0.0', summary: 'x', owners: ['core'] },
      'services/Consumer/index.mdx': service({ receives: [{ id: 'thing-happened' }, { id: 'twice' }] }),
      'services/Other/index.mdx': { id: 'other', name: 'Other', version: '1.0.0', summary: 'x', owners: ['core'], receives: [{ id: 'twice' }] },
    },
    [
      'CW012 services/Producer/commands/DoIt/index.mdx:2 id — command "do-it" is received by no service. Add it to the receives of the one service that handles it.',
      'CW012 services/Producer/commands/Twice/index.mdx:2 id — command "twice" is received by 2 services (consumer, other). Keep it in the receives of exactly one service; a command goes point to point.',
      'CW053 services/Producer/commands/Twice/index.mdx:2 schemaPath — command "twice@1.0.0" has no schema, so its payload is typed as a plain object and not validated. Add a JSON Schema next to index.mdx and point to it with schemaPath.',
    ],
  ],
  [
    'an unknown owner and an unknown key',
    { ...BASE_FILES, 'services/Consumer/index.mdx': service({ owners: ['nobody'], tags: ['x'], 'x-team-tag': 'fine' }) },
    [
      'CW040 services/Consumer/index.mdx:7 owners[0] — owner "nobody" is neither a team nor a user. Add teams/nobody.mdx or users/nobody.mdx, or name an existing team or user.',
      'CW041 services/Consumer/index.mdx:8 tags — "tags" is not an EventCatalog service field; EventCatalog 4.2.3 and later reject it. Rename it to "x-tags" (custom properties must start with x-) or remove it.',
    ],
  ],
  [
    'a deprecated message still received, and one deprecated only from a future date',
    {
      ...BASE_FILES,
      'services/Producer/events/ThingHappened/index.mdx': {
        id: 'thing-happened', name: 'Thing happened', version: '1.0.0', summary: 'x', owners: ['core'], schemaPath: 'schema.json',
        deprecated: { message: 'Use thing-done', date: '2026-01-01' },
      },
      'services/Producer/events/Later/index.mdx': {
        id: 'later', name: 'Later', version: '1.0.0', summary: 'x', owners: ['core'], deprecated: { date: '2027-01-01' },
      },
      'services/Consumer/index.mdx': service({ receives: [{ id: 'thing-happened' }, { id: 'later' }] }),
    },
    [
      'CW042 services/Consumer/index.mdx:9 receives[0].id — event "thing-happened@1.0.0" is deprecated: Use thing-done. Move to its replacement, or remove the deprecation from services/Producer/events/ThingHappened/index.mdx if it is still supported.',
      'CW053 services/Producer/events/Later/index.mdx:2 schemaPath — event "later@1.0.0" has no schema, so its payload is typed as a plain object and not validated. Add a JSON Schema next to index.mdx and point to it with schemaPath.',
      'CW042 services/Producer/index.mdx:9 sends[0].id — event "thing-happened@1.0.0" is deprecated: Use thing-done. Move to its replacement, or remove the deprecation from services/Producer/events/ThingHappened/index.mdx if it is still supported.',
    ],
  ],
  [
    'the newest version living in versioned/',
    {
      ...BASE_FILES,
      'services/Producer/events/ThingHappened/versioned/2.0.0/index.mdx': { id: 'thing-happened', name: 'Thing happened', version: '2.0.0', summary: 'x', owners: ['core'] },
    },
    [
      // The consumer receives the latest (2.0.0) while the producer sends 1.0.0.
      'CW013 services/Consumer/index.mdx:9 receives[0].id — consumer receives event "thing-happened" at 2.0.0 (major 2), but its only sender, producer, sends 1.0.0 (major 1): consumer will never receive it. Receive major 1 here (version: 1.x), or have producer send major 2 as well.',
      'CW044 services/Producer/events/ThingHappened/index.mdx:4 version — the newest version of "thing-happened" is 2.0.0 in services/Producer/events/ThingHappened/versioned/2.0.0/index.mdx, not this root file\'s 1.0.0; EventCatalog core and its SDK disagree on "latest" here. Move version 2.0.0 to the root folder and this file to versioned/1.0.0/.',
      'CW053 services/Producer/events/ThingHappened/versioned/2.0.0/index.mdx:2 schemaPath — event "thing-happened@2.0.0" has no schema, so its payload is typed as a plain object and not validated. Add a JSON Schema next to index.mdx and point to it with schemaPath.',
    ],
  ],
];

describe('diagnostics', () => {
  it.each(cases)('%s', async (_name, files, want) => {
    expect(await report(files)).toEqual(want);
  });
});
