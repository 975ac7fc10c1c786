import { afterEach, describe, expect, it } from 'vitest';
import { specDrift } from '../../../generators/check/spec-drift.js';
import { formatDiagnostic } from '../../../generators/diagnostics.js';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { stringify } from 'yaml';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
/** Drift findings of a catalog that is otherwise free of errors (but for the codes in `expected`). */
async function drift(files: FileMap, expected: readonly string[] = []): Promise<string[]> {
  const { root, cleanup } = writeCatalog(files);
  cleanups.push(cleanup);
  const { model, diagnostics } = await analyzeCatalog(root, { today: '2026-11-22' });
  expect(diagnostics.filter((d) => d.severity === 'error' && !expected.includes(d.code))).toEqual([]);
  return specDrift(model).map((d) => `${d.code} ${formatDiagnostic(d)}`);
}

const producer = (extra: object) => ({
  id: 'producer', name: 'Producer', version: '1.0.0', summary: 's', owners: ['core'],
  sends: [{ id: 'thing-happened', version: '1.0.0' }],
  specifications: [{ type: 'asyncapi', path: 'asyncapi.yml', name: 'AsyncAPI' }],
  ...extra,
});

const asyncapi = (operations: object, messages: object) =>
  stringify({
    asyncapi: '3.0.0',
    info: { title: 'Producer', version: '1.0.0' },
    channels: { things: { address: 'things', messages } },
    operations,
  });

describe('catalog ↔ spec drift', () => {
  it('finds none when the AsyncAPI document says what the catalog says', async () => {
    expect(
      await drift({
        ...BASE_FILES,
        'services/Producer/index.mdx': producer({}),
        'services/Producer/asyncapi.yml': asyncapi(
          { sendThing: { action: 'send', channel: { $ref: '#/channels/things' }, messages: [{ $ref: '#/channels/things/messages/thing-happened' }] } },
          { 'thing-happened': { payload: { $ref: './events/ThingHappened/schema.json' } } },
        ),
      }),
    ).toEqual([]);
  });

  it('reports a missing operation, an undeclared one and a drifted payload', async () => {
    expect(
      await drift({
        ...BASE_FILES,
        'services/Producer/index.mdx': producer({ receives: [{ id: 'thing-happened' }] }),
        'services/Consumer/index.mdx': { id: 'consumer', name: 'C', version: '1.0.0', summary: 's', owners: ['core'] },
        'services/Producer/asyncapi.yml': asyncapi(
          {
            sendThing: { action: 'send', channel: { $ref: '#/channels/things' }, messages: [{ $ref: '#/channels/things/messages/thing-happened' }] },
            sendOther: { action: 'send', channel: { $ref: '#/channels/things' }, messages: [{ $ref: '#/channels/things/messages/other-thing' }] },
          },
          {
            'thing-happened': { payload: { type: 'object', required: ['id', 'at'], properties: { id: { type: 'string' }, at: { type: 'string' } } } },
            'other-thing': { payload: { type: 'object' } },
          },
        ),
      }),
    ).toEqual([
      'CW062 services/Producer/asyncapi.yml operations.sendThing — the payload of "thing-happened" differs from the catalog schema services/Producer/events/ThingHappened/schema.json: /properties/at required property "at" was added. Point the payload at the catalog schema ($ref: the relative path of services/Producer/events/ThingHappened/schema.json) or make them equal.',
      'CW060 services/Producer/asyncapi.yml — producer receives "thing-happened" in the catalog, but AsyncAPI sends it (operations.sendThing, action send). Move "thing-happened" to sends in services/Producer/index.mdx, or change the operation\'s action.',
      'CW061 services/Producer/asyncapi.yml operations.sendOther — operation "sendOther" (action send) sends message "other-thing", which services/Producer/index.mdx does not list in sends (compared exactly and across case, "-", "_", "." and spaces). Add "other-thing" to sends of producer (the id EventCatalog\'s AsyncAPI generator gives it), link it to a catalog message with x-eventcatalog-message-id, or remove the operation.',
    ]);
  });
});

/** A 3.0 document whose one send operation carries `messages` (keyed as in the channel). */
const sends3 = (messages: Record<string, object>) =>
  stringify({
    asyncapi: '3.0.0',
    info: { title: 'Producer', version: '1.0.0' },
    channels: { things: { address: 'things', messages } },
    operations: {
      publishThings: {
        action: 'send',
        channel: { $ref: '#/channels/things' },
        messages: Object.keys(messages).map((key) => ({ $ref: `#/channels/things/messages/${key}` })),
      },
    },
  });

const withSpec = (spec: string, service: object = {}, extra: FileMap = {}) => ({
  ...BASE_FILES,
  'services/Producer/index.mdx': producer(service),
  'services/Producer/asyncapi.yml': spec,
  ...extra,
});

const idPayload = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };

describe('linking catalog messages to AsyncAPI messages (explicit link, id, naming convention)', () => {
  it.each([
    ['the same id in PascalCase', { ThingHappened: { payload: idPayload } }],
    ['the same id in snake_case', { thing_happened: { payload: idPayload } }],
    ['the same words with spaces, as the message name', { m1: { name: 'Thing Happened', payload: idPayload } }],
    ['the catalog name as the message title', { m1: { title: 'thing.happened', payload: idPayload } }],
    ['an explicit x-eventcatalog-message-id', { somethingElse: { 'x-eventcatalog-message-id': 'thing-happened', payload: idPayload } }],
  ])('links %s', async (_name, messages) => {
    expect(await drift(withSpec(sends3(messages)))).toEqual([]);
  });

  it('an explicit link to another message wins over a matching name, and each rule tried is named', async () => {
    expect(await drift(withSpec(sends3({ ThingHappened: { 'x-eventcatalog-message-id': 'other-thing', payload: idPayload } })))).toEqual([
      'CW060 services/Producer/asyncapi.yml — producer sends "thing-happened" in the catalog, but no send operation of AsyncAPI carries a message whose id, messageId, name, title or x-eventcatalog-message-id is "thing-happened" (compared exactly and across case, "-", "_", "." and spaces). Add a send operation for it to services/Producer/asyncapi.yml (or link its message with x-eventcatalog-message-id: thing-happened), or remove "thing-happened" from sends in services/Producer/index.mdx.',
      'CW061 services/Producer/asyncapi.yml operations.publishThings — operation "publishThings" (action send) sends message "ThingHappened", which services/Producer/index.mdx does not list in sends (compared exactly and across case, "-", "_", "." and spaces). Add "ThingHappened" to sends of producer (the id EventCatalog\'s AsyncAPI generator gives it), link it to a catalog message with x-eventcatalog-message-id, or remove the operation.',
    ]);
  });

  it('gives one CW061 per operation, listing every message it carries that the catalog lacks', async () => {
    expect(await drift(withSpec(sends3({ ThingHappened: { payload: idPayload }, OtherThing: {}, ThirdThing: {} })))).toEqual([
      'CW061 services/Producer/asyncapi.yml operations.publishThings — operation "publishThings" (action send) sends messages "OtherThing", "ThirdThing", which services/Producer/index.mdx does not list in sends (compared exactly and across case, "-", "_", "." and spaces). Add them to sends of producer (the ids EventCatalog\'s AsyncAPI generator gives them), link each to a catalog message with x-eventcatalog-message-id, or remove the operation.',
    ]);
  });
});

describe('AsyncAPI 2.x ids and directions as the parser and EventCatalog read them', () => {
  const doc2 = (channel: object, components: object = {}) =>
    stringify({ asyncapi: '2.6.0', info: { title: 'Producer', version: '1.0.0' }, channels: { 'things/happened': channel }, components });

  it('a component message with a name is known by its component key; publish = the service sends', async () => {
    const spec = doc2(
      { publish: { message: { $ref: '#/components/messages/ThingHappened' } } },
      { messages: { ThingHappened: { name: 'thingHappenedMessage', payload: idPayload } } },
    );
    expect(await drift(withSpec(spec))).toEqual([]);
  });

  it('messageId is the id; subscribe = the service receives, named by channel and verb when there is no operationId', async () => {
    const spec = doc2({ subscribe: { message: { messageId: 'ThingHappened', payload: idPayload } } });
    expect(await drift(withSpec(spec))).toEqual([
      'CW060 services/Producer/asyncapi.yml — producer sends "thing-happened" in the catalog, but AsyncAPI receives it (channels.things/happened.subscribe, action subscribe). Move "thing-happened" to receives in services/Producer/index.mdx, or change the operation\'s action.',
      'CW061 services/Producer/asyncapi.yml channels.things/happened.subscribe — operation "channels.things/happened.subscribe" (action subscribe) receives message "ThingHappened", which services/Producer/index.mdx does not list in receives (compared exactly and across case, "-", "_", "." and spaces). Add "ThingHappened" to receives of producer (the id EventCatalog\'s AsyncAPI generator gives it), link it to a catalog message with x-eventcatalog-message-id, or remove the operation.',
    ]);
  });
});

describe('payloads compared as schemas, not as the text that wraps them', () => {
  it('unwraps a multi-format payload and compares its schema', async () => {
    const wrapped = (schema: object) => ({ payload: { schemaFormat: 'application/vnd.aai.asyncapi+json;version=3.0.0', schema } });
    expect(await drift(withSpec(sends3({ ThingHappened: wrapped(idPayload) })))).toEqual([]);
    expect(await drift(withSpec(sends3({ ThingHappened: wrapped({ ...idPayload, required: ['id', 'at'] }) })))).toEqual([
      'CW062 services/Producer/asyncapi.yml operations.publishThings — the payload of "ThingHappened" differs from the catalog schema services/Producer/events/ThingHappened/schema.json of "thing-happened": /properties/at property "at" became required. Point the payload at the catalog schema ($ref: the relative path of services/Producer/events/ThingHappened/schema.json) or make them equal.',
    ]);
  });

  it('does not compare an Avro payload with a JSON Schema', async () => {
    const avro = { payload: { schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0', schema: { type: 'record', name: 'T', fields: [{ name: 'x', type: 'int' }] } } };
    expect(await drift(withSpec(sends3({ ThingHappened: avro })))).toEqual([]);
  });

  it('treats schemas that differ only in the names of their $refs as equal', async () => {
    const catalogSchema = {
      $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['id', 'total'],
      properties: { id: { type: 'string' }, total: { $ref: '#/definitions/Money' } },
      definitions: { Money: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } } },
    };
    const spec = stringify({
      asyncapi: '3.0.0',
      info: { title: 'Producer', version: '1.0.0' },
      channels: { things: { address: 'things', messages: { ThingHappened: { payload: { $ref: '#/components/schemas/Happened' } } } } },
      operations: { publishThings: { action: 'send', channel: { $ref: '#/channels/things' }, messages: [{ $ref: '#/channels/things/messages/ThingHappened' }] } },
      components: {
        schemas: {
          Happened: { type: 'object', required: ['id', 'total'], properties: { id: { type: 'string' }, total: { $ref: '#/components/schemas/Amount' } } },
          Amount: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } },
        },
      },
    });
    expect(await drift(withSpec(spec, {}, { 'services/Producer/events/ThingHappened/schema.json': catalogSchema }))).toEqual([]);
  });

  it('compares a recursive payload with a recursive catalog schema', async () => {
    const node = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } } };
    const spec = stringify({
      asyncapi: '3.0.0',
      info: { title: 'Producer', version: '1.0.0' },
      channels: { things: { address: 'things', messages: { ThingHappened: { payload: { $ref: '#/components/schemas/Node' } } } } },
      operations: { publishThings: { action: 'send', channel: { $ref: '#/channels/things' }, messages: [{ $ref: '#/channels/things/messages/ThingHappened' }] } },
      components: { schemas: { Node: { ...node, properties: { ...node.properties, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } },
    });
    expect(await drift(withSpec(spec, {}, { 'services/Producer/events/ThingHappened/schema.json': node }))).toEqual([]);
  });
});

describe('OpenAPI operations linked to catalog commands and queries', () => {
  const openapi = (paths: object) => stringify({ openapi: '3.0.3', info: { title: 'Products', version: '1.0.0' }, paths });
  const ok = { responses: { '200': { description: 'ok' } } };
  const catalog = (paths: object, receives: object[], messages: FileMap) => ({
    'teams/core.mdx': { id: 'core', name: 'Core team', summary: 's' },
    'services/Products/index.mdx': {
      id: 'products', name: 'Products', version: '1.0.0', summary: 's', owners: ['core'], receives,
      specifications: [{ type: 'openapi', path: 'openapi.yml', name: 'Products API' }],
    },
    'services/Products/openapi.yml': openapi(paths),
    ...messages,
  });
  const command = (id: string, operation?: object) => ({ id, name: id, version: '1.0.0', summary: 's', owners: ['core'], ...(operation ? { operation } : {}) });

  it('an operation link wins over an operationId in another convention, and parameter names do not matter', async () => {
    expect(
      await drift(
        catalog(
          { '/products': { post: { operationId: 'createProduct', ...ok } }, '/products/{productId}': { get: { operationId: 'fetchOne', ...ok } } },
          [{ id: 'create-product' }, { id: 'get-product' }],
          {
            'services/Products/commands/CreateProduct/index.mdx': command('create-product', { method: 'POST', path: '/products' }),
            'services/Products/queries/GetProduct/index.mdx': command('get-product', { method: 'get', path: '/products/{id}' }),
          },
        ),
      ),
    ).toEqual([]);
  });

  it('links an operationId to a received message without operation across naming conventions', async () => {
    expect(
      await drift(catalog({ '/products': { post: { operationId: 'createProduct', ...ok } } }, [{ id: 'create-product' }], { 'services/Products/commands/CreateProduct/index.mdx': command('create-product') })),
    ).toEqual([]);
  });

  it('says which link is missing, and never asks to rename an operationId', async () => {
    expect(
      await drift(
        catalog(
          { '/products': { get: { operationId: 'listProducts', ...ok } }, '/products/{id}': { delete: ok } },
          [{ id: 'create-product' }],
          {
            'services/Products/commands/CreateProduct/index.mdx': command('create-product', { method: 'POST', path: '/products' }),
            'services/Products/commands/DeleteProduct/index.mdx': command('delete-product', { method: 'DELETE', path: '/products/{productId}' }),
          },
        ),
        ['CW012'],
      ),
    ).toEqual([
      'CW060 services/Products/openapi.yml — command "create-product" is received over POST /products according to its operation in the catalog, but Products API has no such operation. Add POST /products to services/Products/openapi.yml, or correct operation in services/Products/commands/CreateProduct/index.mdx.',
      'CW061 services/Products/openapi.yml GET /products — GET /products (operationId "listProducts") is no command or query products receives in the catalog: none has operation { method: GET, path: /products }, and no received message\'s id matches the operationId (compared exactly and across case, "-", "_", "." and spaces). Declare it in the catalog as a command or query with operation { method: GET, path: /products } and add it to receives of products, or remove the operation from services/Products/openapi.yml.',
      'CW061 services/Products/openapi.yml DELETE /products/{id} — DELETE /products/{id} is command "delete-product" in the catalog (its operation says so), but products does not list "delete-product" in receives. Add "delete-product" to receives of products in services/Products/index.mdx.',
    ]);
  });
});
