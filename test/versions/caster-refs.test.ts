/**
 * Deriving a caster when fields use `$ref`: each version's references are followed in its own
 * document (and file references, which the loader inlines), so a definition renamed, moved
 * inline, or recursive compares by its shape; a changed one names the field, where, and how.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCatalog } from '../../generators/index.js';
import { deriveCaster } from '../../generators/model/casters.js';
import { compareSchemas, resolvePointer } from '../../generators/model/schema-compare.js';
import { writeCatalog } from '../helpers/catalog-fixture.js';

const json = (content: object) => ({ file: 's.json', format: 'jsonschema' as const, content });
const labels = { source: 'a@2.0.0', target: 'a@1.0.0' };
const MONEY = { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } } };
/** A schema with field `price` (and `id`), its definitions given. */
const doc = (price: object, definitions: object = {}, key = 'definitions') => ({ type: 'object', required: ['id', 'price'], properties: { id: { type: 'string' }, price }, [key]: definitions });
const copies = { derivable: true, steps: [{ op: 'copy', from: 'id', to: 'id' }, { op: 'copy', from: 'price', to: 'price' }] };

describe('caster derivation with $ref', () => {
  it('compares what a $ref points at: the same definition under another name, in $defs, or inline', () => {
    const named = doc({ $ref: '#/definitions/Money' }, { Money: MONEY });
    expect(deriveCaster(json(named), json(doc({ $ref: '#/definitions/Amount' }, { Amount: { ...MONEY, description: 'another text' } })), 'source', labels)).toEqual(copies);
    expect(deriveCaster(json(named), json(doc({ $ref: '#/$defs/Money' }, { Money: MONEY }, '$defs')), 'source', labels)).toEqual(copies);
    expect(deriveCaster(json(named), json(doc(MONEY)), 'source', labels)).toEqual(copies);
    // A description beside a one-schema allOf (how the order system writes its money fields).
    expect(deriveCaster(json(doc({ description: 'Total.', allOf: [{ $ref: '#/definitions/Money' }] }, { Money: MONEY })), json(doc(MONEY)), 'source', labels)).toEqual(copies);
  });

  it('names the field, the path inside it and the difference when a referenced definition changed deep down', () => {
    const line = (max: number) => ({ type: 'array', items: { $ref: '#/definitions/Line' } , maxItems: 5, 'x-max': max });
    const defs = (minimum: number) => ({ Line: { type: 'object', properties: { price: { $ref: '#/definitions/Money' } } }, Money: { ...MONEY, properties: { ...MONEY.properties, amount: { type: 'integer', minimum } } } });
    expect(deriveCaster(json(doc(line(1), defs(0))), json(doc(line(1), defs(1))), 'source', labels)).toEqual({
      derivable: false,
      reason: 'field "price" has another schema in a@1.0.0 than "price" in a@2.0.0 (at items.properties.price.properties.amount.minimum: 0 in a@2.0.0, 1 in a@1.0.0)',
    });
    const extra = doc({ $ref: '#/definitions/Money' }, { Money: { ...MONEY, maxProperties: 2 } });
    expect(deriveCaster(json(doc({ $ref: '#/definitions/Money' }, { Money: MONEY })), json(extra), 'source', labels)).toEqual({
      derivable: false,
      reason: 'field "price" has another schema in a@1.0.0 than "price" in a@2.0.0 ("maxProperties" only in a@1.0.0)',
    });
  });

  it('compares recursive definitions by structure, whatever their names, and still finds a difference inside them', () => {
    const tree = (name: string, leaf: string) =>
      doc({ $ref: `#/definitions/${name}` }, { [name]: { type: 'object', properties: { value: { type: leaf }, children: { type: 'array', items: { $ref: `#/definitions/${name}` } } } } });
    expect(deriveCaster(json(tree('Node', 'string')), json(tree('Tree', 'string')), 'source', labels)).toEqual(copies);
    expect(deriveCaster(json(tree('Node', 'string')), json(tree('Tree', 'number')), 'source', labels)).toEqual({
      derivable: false,
      reason: 'field "price" has another schema in a@1.0.0 than "price" in a@2.0.0 (at properties.value.type: "string" in a@2.0.0, "number" in a@1.0.0)',
    });
    // Mutual recursion, and a whole-document `#` reference.
    const mutual = doc({ $ref: '#/definitions/A' }, { A: { type: 'object', properties: { b: { $ref: '#/definitions/B' } } }, B: { type: 'object', properties: { a: { $ref: '#/definitions/A' } } } });
    const self = doc({ $ref: '#/definitions/C' }, { C: { type: 'object', properties: { b: { type: 'object', properties: { a: { $ref: '#/definitions/C' } } } } } });
    expect(deriveCaster(json(mutual), json(self), 'source', labels)).toEqual(copies);
    const root = { type: 'object', properties: { next: { $ref: '#' } } };
    expect(compareSchemas({ node: { $ref: '#' }, doc: root }, { node: root, doc: root })).toEqual({ same: true });
  });

  it('is not derivable, with the reason, when a $ref points nowhere or where it is not followed', () => {
    expect(deriveCaster(json(doc({ $ref: '#/definitions/Money' }, {})), json(doc(MONEY)), 'source', labels)).toEqual({
      derivable: false,
      reason: 'field "price" of a@2.0.0 cannot be compared: its $ref "#/definitions/Money" points nowhere in the schema',
    });
    expect(deriveCaster(json(doc(MONEY)), json(doc({ $ref: 'money.json' })), 'source', labels)).toEqual({
      derivable: false,
      reason: 'field "price" of a@1.0.0 cannot be compared: its $ref "money.json" points outside the schema document, which the comparison does not follow',
    });
    expect(deriveCaster(json(doc({ $ref: '#money' })), json(doc(MONEY)), 'source', labels).derivable).toBe(false);
    const loop = doc({ $ref: '#/definitions/A' }, { A: { $ref: '#/definitions/B' }, B: { $ref: '#/definitions/A' } });
    expect(deriveCaster(json(loop), json(doc(MONEY)), 'source', labels)).toEqual({
      derivable: false,
      reason: 'field "price" of a@2.0.0 cannot be compared: its $refs lead through more than 32 schemas without reaching one (a $ref cycle)',
    });
  });

  it('counts property names as names (a property called "description"), and data (enum, const, default) exactly', () => {
    const withProperty = (props: object) => doc({ type: 'object', properties: props });
    expect(deriveCaster(json(withProperty({ description: { type: 'string' } })), json(withProperty({})), 'source', labels)).toEqual({
      derivable: false,
      reason: 'field "price" has another schema in a@1.0.0 than "price" in a@2.0.0 (at properties: "description" only in a@2.0.0)',
    });
    const constant = (value: object) => doc({ const: value });
    expect(deriveCaster(json(constant({ title: 'a' })), json(constant({ title: 'b' })), 'source', labels).derivable).toBe(false);
    expect(deriveCaster(json(doc({ type: 'object', required: ['a', 'b'] })), json(doc({ type: 'object', required: ['b', 'a'] })), 'source', labels)).toEqual(copies);
  });

  it('compares shared definitions once per pair (no blow-up), and stops at a nesting bound with a reason', () => {
    // D0 refers to D1 twice, D1 to D2 twice, ...: expanded, 2^60 nodes; compared pairwise, 60.
    const diamond = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`D${i}`, { type: 'object', properties: { a: { $ref: `#/definitions/D${i + 1}` }, b: { $ref: `#/definitions/D${i + 1}` } } }]));
    const wide = { definitions: { ...diamond, D60: { type: 'string' } } };
    expect(compareSchemas({ node: { $ref: '#/definitions/D0' }, doc: wide }, { node: { $ref: '#/definitions/D0' }, doc: structuredClone(wide) })).toEqual({ same: true });
    const chain = { definitions: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`C${i}`, { type: 'array', items: { $ref: `#/definitions/C${i + 1}` } }])) };
    expect(compareSchemas({ node: { $ref: '#/definitions/C0' }, doc: chain }, { node: { $ref: '#/definitions/C0' }, doc: structuredClone(chain) })).toMatchObject({
      same: 'unknown',
      reason: 'it nests deeper than 200 levels (through its $refs)',
    });
  });

  it('follows a document that is itself a $ref to its object schema, and JSON pointer escapes', () => {
    const wrapped = { $ref: '#/definitions/Order', definitions: { Order: doc({ $ref: '#/definitions/a~1b' }), 'a/b': MONEY } };
    expect(resolvePointer(wrapped, '#/definitions/a~1b')).toBe(MONEY);
    expect(deriveCaster(json(wrapped), json(doc(MONEY)), 'source', labels)).toEqual(copies);
  });

  it('compares fields whose $refs reach a shared file, inlined by the loader', async () => {
    const service = (id: string, sends: object[], receives: object[]) => ({ id, name: id, version: '1.0.0', summary: id, owners: ['core'], sends, receives });
    const message = (version: string) => ({ id: 'paid', name: 'paid', version, summary: `paid ${version}`, owners: ['core'], schemaPath: 'schema.json' });
    // Each file referenced twice: the loader inlines the first and points the second at it
    // (`#/properties/amount`), so the two versions' pointers differ and their shapes do not.
    const money = (up: string) => ({ $ref: `${up}common/money.json` });
    const v1 = { type: 'object', additionalProperties: false, required: ['id', 'amount'], properties: { id: { type: 'string' }, amount: money('../../../../'), fee: money('../../../../') } };
    const v2 = { ...v1, required: ['id', 'amount', 'method'], properties: { id: { type: 'string' }, fee: money('../../'), amount: money('../../'), method: { type: 'string' } } };
    const { root, cleanup } = writeCatalog({
      'teams/core.mdx': { id: 'core', name: 'Core', summary: 'Core' },
      'common/money.json': MONEY,
      'services/Billing/index.mdx': service('billing', [{ id: 'paid' }], []),
      'services/Mailer/index.mdx': service('mailer', [], [{ id: 'paid', version: '1.0.0' }]),
      'events/paid/index.mdx': message('2.0.0'),
      'events/paid/schema.json': v2,
      'events/paid/versioned/1.0.0/index.mdx': message('1.0.0'),
      'events/paid/versioned/1.0.0/schema.json': v1,
    });
    try {
      const { model, diagnostics } = await analyzeCatalog(root);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const [migration] = model.migrations;
      const [v2Schema] = model.messages.filter((m) => m.id === 'paid' && m.version === '2.0.0').map((m) => m.schema?.content as { properties: Record<string, unknown> });
      expect(v2Schema?.properties['amount']).toEqual({ $ref: '#/properties/fee' });
      expect(migration?.old[0]?.caster.derivation).toEqual({
        derivable: true,
        steps: [{ op: 'copy', from: 'id', to: 'id' }, { op: 'copy', from: 'amount', to: 'amount' }, { op: 'copy', from: 'fee', to: 'fee' }],
      });
      expect(migration?.old[0]?.caster.owner).toBe('generated');
    } finally {
      cleanup();
    }
  });
});
