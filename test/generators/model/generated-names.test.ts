/**
 * Generated names a catalog chooses, and the collisions it should choose them for: two ids that
 * make the same type name (`thing-happened` and `ThingHappened`) still generate, numbered, but
 * warn naming both resources (CW055); `x-catwire-name` sets a message's name (CW056 when it is
 * not a usable identifier, CW057 when two messages ask for the same one).
 */
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { consumer, event } from './fixtures.js';
import { report } from './report.js';

/** The consumer also sends `ThingHappened`, an event of its own whose id makes the same type name as thing-happened's. */
const twin = (extra: object = {}): FileMap => ({
  'services/Consumer/index.mdx': { ...consumer, sends: [{ id: 'ThingHappened', version: '2.0.0' }] },
  'services/Consumer/events/ThingHappened/index.mdx': { ...event, id: 'ThingHappened', version: '2.0.0', summary: 'Another thing', ...extra },
  'services/Consumer/events/ThingHappened/schema.json': { type: 'object', properties: { other: { type: 'string' } } },
});
const CODES = ['CW055', 'CW056', 'CW057'];
const names = (files: FileMap) => report({ ...BASE_FILES, ...files }, CODES);

/** Each generated message type: id@version → type name, schema constant and module. */
async function typeNames(files: FileMap): Promise<Record<string, string>> {
  const { root, cleanup } = writeCatalog({ ...BASE_FILES, ...files });
  try {
    const { model } = await analyzeCatalog(root, { today: '2026-11-22' });
    return Object.fromEntries(model.codegen.types.map((t) => [`${t.message.id}@${t.message.version}`, `${t.typeName} ${t.schemaName} ${t.module}`]));
  } finally {
    cleanup();
  }
}

describe('generated names', () => {
  it('two ids that make one name: the later is numbered, with a warning naming both files and the key that fixes it', async () => {
    expect(await typeNames(twin())).toEqual({
      'thing-happened@1.0.0': 'ThingHappened2 thingHappened2Schema types/thing-happened-2',
      'ThingHappened@2.0.0': 'ThingHappened thingHappenedSchema types/thing-happened',
    });
    expect(await names(twin())).toEqual([
      'CW055 services/Producer/events/ThingHappened/index.mdx:2 id — event "thing-happened@1.0.0" is generated as ThingHappened2 in types/thing-happened-2.ts: event "ThingHappened@2.0.0" (services/Consumer/events/ThingHappened/index.mdx) already has the name ThingHappened. Set x-catwire-name in either file to give the message a name of its own (e.g. x-catwire-name: ThingHappenedEvent).',
    ]);
  });

  it('x-catwire-name names the type, its schema constant and its module, and the collision is gone', async () => {
    const files = twin({ 'x-catwire-name': 'OtherThingHappened' });
    expect(await names(files)).toEqual([]);
    expect(await typeNames(files)).toEqual({
      'thing-happened@1.0.0': 'ThingHappened thingHappenedSchema types/thing-happened',
      'ThingHappened@2.0.0': 'OtherThingHappened otherThingHappenedSchema types/other-thing-happened',
    });
  });

  it.each([
    [42, 'x-catwire-name is not a string'],
    ['Other-Thing', '"Other-Thing" is not a TypeScript identifier'],
    ['1Thing', '"1Thing" is not a TypeScript identifier'],
    ['class', '"class" is a reserved word'],
    ['Handlers', '"Handlers" is a name the generated modules use themselves'],
  ])('x-catwire-name %j is refused', async (value, problem) => {
    expect(await names(twin({ 'x-catwire-name': value }))).toContain(
      `CW056 services/Consumer/events/ThingHappened/index.mdx:9 x-catwire-name — ${problem}, so the generated name of event "ThingHappened@2.0.0" is derived from its id. Use a TypeScript identifier in PascalCase, e.g. OrderCancelledByCustomer.`,
    );
  });

  it('two messages asking for one name is an error naming both', async () => {
    const files = { ...twin({ 'x-catwire-name': 'Thing' }), 'services/Producer/events/ThingHappened/index.mdx': { ...event, 'x-catwire-name': 'Thing' } };
    expect(await names(files)).toEqual([
      'CW057 services/Producer/events/ThingHappened/index.mdx:9 x-catwire-name — event "thing-happened@1.0.0" asks for the name Thing, which event "ThingHappened@2.0.0" (services/Consumer/events/ThingHappened/index.mdx) already has. Choose another x-catwire-name for one of the two.',
    ]);
  });
});
