/**
 * One catalog that carries every hostile string of the corpus in every field that reaches the
 * generated code: service and message ids, names, summaries, channel addresses and parameters,
 * schema titles, descriptions, property names, enum and const values, defaults, examples and
 * patterns, the catalog's example payloads. Used by injection-run.test.ts, which compiles and
 * runs what `catwire generate` makes of it.
 */
import type { FileMap } from '../helpers/catalog-fixture.js';
import { HOSTILE_STRINGS } from './strings.js';

/** Strings usable as ids: EventCatalog ids name folders and versions pin them, so no empty ones. */
const IDS = HOSTILE_STRINGS.filter((s) => s.trim() !== '' && !s.includes('\u0000'));

function schema(i: number): object {
  const properties = Object.fromEntries(
    HOSTILE_STRINGS.map((s, k) => [
      s,
      {
        title: s, description: s, type: 'string', enum: [s, `${s}${k}`], default: s, examples: [s],
        // A literal pattern that matches the value itself (escaped as the u flag allows).
        ...(s.length < 200 ? { pattern: `^${s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}` } : {}),
      },
    ]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: HOSTILE_STRINGS[i], description: HOSTILE_STRINGS[i], type: 'object',
    required: HOSTILE_STRINGS.slice(0, 5),
    properties: { ...properties, nested: { type: 'object', title: HOSTILE_STRINGS[i], properties: { [HOSTILE_STRINGS[i] as string]: { const: HOSTILE_STRINGS[i] } } } },
  };
}

export function injectionCatalog(): FileMap {
  const files: Record<string, string | object> = { 'teams/core.mdx': { id: 'core', name: 'Core', summary: 'Core' } };
  IDS.forEach((id, i) => {
    // Names the broker would refuse (beyond 255 bytes) are catalog errors (CW015): the longest
    // strings keep their place in ids and texts, but fill the address cut, under a key of their own.
    const long = Buffer.byteLength(id) > 200;
    files[`events/E${i}/index.mdx`] = {
      id, name: id, version: '1.0.0', summary: id, owners: ['core'], schemaPath: 'schema.json',
      channels: [{ id: `channel-${i}`, parameters: { [`p${i}`]: long ? id.slice(0, 100) : id } }],
      ...(long ? { 'x-amqp': { routingKey: `e${i}.v1` } } : {}),
    };
    files[`events/E${i}/schema.json`] = schema(i % HOSTILE_STRINGS.length);
    files[`events/E${i}/examples/${i}.json`] = Object.fromEntries(HOSTILE_STRINGS.map((s) => [s, s]));
    files[`channels/C${i}/index.mdx`] = {
      id: `channel-${i}`, name: id, version: '1.0.0', summary: id, address: `orders.${i}.{p${i}}`,
      protocols: ['amqp'], parameters: { [`p${i}`]: { description: id, default: 'x' } },
    };
  });
  files['services/P/index.mdx'] = { id: IDS[0] as string, name: IDS[1] as string, version: '1.0.0', summary: IDS[2] as string, owners: ['core'], sends: IDS.map((id) => ({ id })) };
  // A few receiving services (each contract test file costs a worker), between them receiving everything.
  const receivers = IDS.slice(1, 7);
  receivers.forEach((id, i) => {
    const receives = IDS.filter((_, k) => k % receivers.length === i).map((m) => ({ id: m }));
    files[`services/S${i}/index.mdx`] = { id, name: IDS[IDS.length - 1 - i] as string, version: '1.0.0', summary: id, owners: ['core'], externalSystem: true, receives };
  });
  return files;
}
