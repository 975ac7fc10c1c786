/**
 * Versions in flight in the model: a major mismatch the owner of the schema is ahead in is a
 * migration (CW030, a warning), with who pins the old major and how its caster is made.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../generators/index.js';
import { deriveCaster } from '../../generators/model/casters.js';
import { writeCatalog } from '../helpers/catalog-fixture.js';
import { report } from '../generators/model/report.js';
import { ORDER_PLACED_V1, ORDER_PLACED_V2, shopCatalog, STEPS } from './fixtures.js';

const json = (content: object) => ({ file: 's.json', format: 'jsonschema' as const, content });
const labels = { source: 'a@2.0.0', target: 'a@1.0.0' };

describe('CW030 migration-in-progress', () => {
  it('names the pinning service, both majors and the caster, once per pin', async () => {
    expect(await report(shopCatalog(STEPS.released), ['CW013', 'CW030'])).toEqual([
      'CW030 services/Mailer/index.mdx:11 receives[0].version — mailer receives event "order-placed" at 1.0.0 (major 1) while shop sends 2.0.0 (major 2): shop also publishes major 1 through a downcaster (generated) until mailer moves. Move mailer to major 2 (version: 2.x) when it is ready; the next generate then drops the bridge.',
      'CW030 services/Shop/index.mdx:11 sends[1].version — shop sends command "reserve-stock" at 1.0.0 (major 1) while its receiver warehouse takes 2.0.0 (major 2): warehouse also receives major 1 through an upcaster (generated) until shop moves. Move shop to major 2 (version: 2.x) when it is ready; the next generate then drops the bridge.',
    ]);
  });

  it('says which file a person writes when the caster cannot be derived', async () => {
    const files = shopCatalog(STEPS.released);
    const changed = { ...ORDER_PLACED_V2, properties: { ...ORDER_PLACED_V2.properties, total: { type: 'string' } } };
    expect(await report({ ...files, 'services/Shop/events/OrderPlaced/schema.json': changed }, ['CW030'])).toEqual([
      'CW030 services/Mailer/index.mdx:11 receives[0].version — mailer receives event "order-placed" at 1.0.0 (major 1) while shop sends 2.0.0 (major 2): shop also publishes major 1 through a downcaster (user-written in handlers/casters/order-placed-v2-to-v1.ts, since field "total" has another schema in order-placed@1.0.0 than "total" in order-placed@2.0.0 (at type: "string" in order-placed@2.0.0, "number" in order-placed@1.0.0)) until mailer moves. Move mailer to major 2 (version: 2.x) when it is ready; the next generate then drops the bridge.',
      expect.stringContaining('CW030 services/Shop/index.mdx:11'),
    ]);
  });

  it('finds nothing before the release and after the pins moved', async () => {
    expect(await report(shopCatalog(STEPS.v1), ['CW013', 'CW030'])).toEqual([]);
    expect(await report(shopCatalog(STEPS.moved), ['CW013', 'CW030'])).toEqual([]);
  });

  it('keeps each migration in the model: message, majors, owners, pins and casters', async () => {
    const { root, cleanup } = writeCatalog(shopCatalog(STEPS.released));
    try {
      const { model } = await analyzeCatalog(root);
      expect(
        model.migrations.map((m) => ({
          message: m.messageId,
          kind: m.kind,
          current: m.current.version,
          owners: m.owners.map((o) => o.id),
          old: m.old.map((o) => ({
            version: o.message.version,
            pins: o.pins.map((p) => `${p.service.id} ${p.file} ${p.field}`),
            caster: [o.caster.direction, o.caster.owner, o.caster.functionName, o.caster.module],
          })),
        })),
      ).toEqual([
        {
          message: 'order-placed', kind: 'event', current: '2.0.0', owners: ['shop'],
          old: [{ version: '1.0.0', pins: ['mailer services/Mailer/index.mdx receives[0].version'], caster: ['downcast', 'generated', 'downcastOrderPlacedV2ToV1', 'casters/order-placed-v2-to-v1'] }],
        },
        {
          message: 'reserve-stock', kind: 'command', current: '2.0.0', owners: ['warehouse'],
          old: [{ version: '1.0.0', pins: ['shop services/Shop/index.mdx sends[1].version'], caster: ['upcast', 'generated', 'upcastReserveStockV1ToV2', 'casters/reserve-stock-v1-to-v2'] }],
        },
      ]);
      expect(model.majorMismatches).toEqual([]);
    } finally {
      cleanup();
    }
  });
});

describe('deriving a caster from two schemas', () => {
  it('copies shared fields, follows x-catwire-renamed-from and drops added ones (downcast)', () => {
    expect(deriveCaster(json(ORDER_PLACED_V2), json(ORDER_PLACED_V1), 'source', labels)).toEqual({
      derivable: true,
      steps: [
        { op: 'copy', from: 'orderId', to: 'orderId' },
        { op: 'copy', from: 'customer', to: 'customerId' },
        { op: 'copy', from: 'total', to: 'total' },
      ],
    });
  });

  it('fills a field the source lacks from the target default, and refuses a required one without', () => {
    const target = { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, b: { type: 'string', default: 'x' } } };
    expect(deriveCaster(json({ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }), json(target), 'target', labels)).toEqual({
      derivable: true,
      steps: [{ op: 'copy', from: 'a', to: 'a' }, { op: 'default', to: 'b', value: 'x' }],
    });
    expect(deriveCaster(json({ type: 'object', properties: { b: { type: 'string' } } }), json(target), 'target', labels)).toEqual({
      derivable: false,
      reason: 'field "a" is required in a@1.0.0, and a@2.0.0 has no such field (no default, no x-catwire-renamed-from)',
    });
  });

  it('refuses a field whose shape changed, a composed schema and a __proto__ field; two schemaless versions pass through', () => {
    const a = (type: string) => json({ type: 'object', properties: { n: { type, description: 'ignored' } } });
    expect(deriveCaster(a('number'), a('string'), 'source', labels)).toEqual({ derivable: false, reason: 'field "n" has another schema in a@1.0.0 than "n" in a@2.0.0 (at type: "number" in a@2.0.0, "string" in a@1.0.0)' });
    expect(deriveCaster(a('number'), a('number'), 'source', labels).derivable).toBe(true);
    expect(deriveCaster(json({ type: 'object', properties: {}, allOf: [] }), a('number'), 'source', labels)).toEqual({
      derivable: false,
      reason: 'a@2.0.0 is not a plain object schema with properties',
    });
    expect(deriveCaster(json({ type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') }), json({ type: 'object', properties: JSON.parse('{"__proto__": {"type": "string"}}') }), 'source', labels).derivable).toBe(false);
    expect(deriveCaster(undefined, undefined, 'source', labels)).toEqual({ derivable: true, steps: 'identity' });
  });
});
