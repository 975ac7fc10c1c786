/**
 * The shape of reported changes: pointers (head for additions and edits, base for removals;
 * through $refs and merged allOf members), the sentences humans read, and a deterministic order.
 */
import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../../generators/compat/index.js';

const str = { type: 'string' };
const order = (line: object, extra: object = {}) => ({
  type: 'object',
  properties: { id: str, items: { type: 'array', items: { $ref: '#/definitions/Line' } } },
  definitions: { Line: { type: 'object', properties: line, ...extra } },
});

describe('reported changes', () => {
  it('points through $refs to the property, in instance terms in the message', () => {
    const base = order({ sku: str, qty: { type: 'integer' } });
    const head = order({ sku: str, qty: { type: 'integer' } }, { required: ['qty'] });
    expect(diffSchemas(base, head)).toEqual([
      { pointer: '/properties/items/items/properties/qty', code: 'required-added', effect: 'narrowing', message: 'property "items[].qty" became required' },
    ]);
  });

  it('points at the keyword for keyword changes', () => {
    const base = order({ qty: { type: 'integer', maximum: 100 } });
    const head = order({ qty: { type: 'integer', maximum: 10 } });
    expect(diffSchemas(base, head)).toEqual([
      { pointer: '/properties/items/items/properties/qty/maximum', code: 'maximum-decreased', effect: 'narrowing', message: 'maximum of "items[].qty" lowered from <= 100 to <= 10' },
    ]);
  });

  it('points into the base schema for removals, into the head for additions', () => {
    const base = { oneOf: [{ title: 'A', type: 'object', properties: { a: str } }, { title: 'B', type: 'object', properties: { gone: str } }] };
    const head = { oneOf: [{ title: 'B', type: 'object', properties: { kept: str } }, { title: 'A', type: 'object', properties: { a: str } }] };
    expect(diffSchemas(base, head).map((c) => `${c.pointer} ${c.code}`)).toEqual([
      '/oneOf/0/properties/kept property-added-optional',
      '/oneOf/1/properties/gone property-removed',
    ]);
  });

  it('names draft-07 tuple positions with the keyword the head uses', () => {
    const base = { type: 'array', items: [str, str] };
    const head = { type: 'array', items: [str, { type: 'integer' }] };
    expect(diffSchemas(base, head).map((c) => [c.pointer, c.message])).toEqual([['/items/1/type', 'type of "[1]" changed from string to integer']]);
  });

  it('reports a property moved into an allOf member and changed there as a change, not a removal', () => {
    const base = { type: 'object', properties: { id: str, qty: { type: 'integer' } } };
    const head = { allOf: [{ type: 'object', properties: { id: str } }, { properties: { qty: { type: 'number' } } }] };
    expect(diffSchemas(base, head).map((c) => `${c.pointer} ${c.code}`)).toEqual(['/properties/qty/type type-widened']);
  });

  it('inverts effects inside `not`', () => {
    const [change] = diffSchemas({ not: { type: 'string', maxLength: 3 } }, { not: { type: 'string', maxLength: 5 } });
    expect(change).toMatchObject({ pointer: '/not/maxLength', code: 'max-length-increased', effect: 'narrowing' });
  });

  it('says what a default means, and that it is annotation only', () => {
    const [change] = diffSchemas({ type: 'integer' }, { type: 'integer', default: 1 });
    expect(change?.message).toBe('default added on the message (annotation only: validators ignore it, but code that fills defaults will see it)');
  });

  it('is deterministic and independent of key order', () => {
    const base = { type: 'object', properties: { b: str, a: str, c: { enum: ['x', 'y'] } }, required: ['a'] };
    const head = { required: ['b'], properties: { c: { enum: ['z', 'x'] }, a: { type: 'integer' }, d: str, b: str }, type: 'object' };
    const first = diffSchemas(base, head);
    expect(diffSchemas(structuredClone(base), structuredClone(head))).toEqual(first);
    expect(first.map((c) => `${c.pointer} ${c.code}`)).toEqual([
      '/properties/a required-removed',
      '/properties/a/type type-changed',
      '/properties/b required-added',
      '/properties/c/enum enum-value-added',
      '/properties/c/enum enum-value-removed',
      '/properties/d property-added-optional',
    ]);
  });

  it('terminates on self-referencing conjunctions and accepts absent schemas as `true`', () => {
    const loop = { $defs: { A: { allOf: [{ $ref: '#/$defs/A' }], type: 'string' } }, $ref: '#/$defs/A' };
    expect(diffSchemas(loop, structuredClone(loop))).toEqual([]);
    expect(diffSchemas(undefined, true)).toEqual([]);
    expect(diffSchemas(undefined, { type: 'string' }).map((c) => c.code)).toEqual(['type-narrowed']);
    expect(diffSchemas(true, false).map((c) => [c.pointer, c.code])).toEqual([['', 'schema-forbidden']]);
  });
});
