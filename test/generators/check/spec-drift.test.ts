import { afterEach, describe, expect, it } from 'vitest';
import { specDrift } from '../../../generators/check/spec-drift.js';
import { formatDiagnostic } from '../../../generators/diagnostics.js';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';
import { stringify } from 'yaml';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
async function drift(files: FileMap): Promise<string[]> {
  const { root, cleanup } = writeCatalog(files);
  cleanups.push(cleanup);
  const { model, diagnostics } = await analyzeCatalog(root, { today: '2026-11-22' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
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
