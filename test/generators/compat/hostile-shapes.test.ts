/**
 * The breaking-change diff (`check --base`, spec drift) on the shapes a hostile catalog can
 * give it after loading: `$ref` cycles, circular allOf, a bare self-reference, and the cyclic
 * objects a dereferencing spec parser hands over. Each comparison ends, with a result.
 */
import { describe, expect, it } from 'vitest';
import { diffSchemas } from '../../../generators/compat/index.js';

const circularAllOf = (extra: object = {}) => ({
  type: 'object',
  properties: { a: { $ref: '#/definitions/A' } },
  definitions: { A: { allOf: [{ $ref: '#/definitions/B' }], ...extra }, B: { allOf: [{ $ref: '#/definitions/A' }] } },
});

/** A tree as a dereferencing parser leaves it: the `children` items are the node object itself. */
function cyclicTree(required: string[]): object {
  const node: Record<string, unknown> = { type: 'object', required, properties: { id: { type: 'string' } } };
  (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
  return node;
}

describe('the schema diff on hostile shapes', () => {
  it('compares a bare self-reference with itself and with a change', () => {
    expect(diffSchemas({ $ref: '#' }, { $ref: '#' })).toEqual([]);
    expect(diffSchemas({ $ref: '#' }, { $ref: '#', type: 'object' }).length).toBeGreaterThan(0);
  });

  it('ends on circular allOf, unchanged and changed', () => {
    expect(diffSchemas(circularAllOf(), circularAllOf())).toEqual([]);
    expect(diffSchemas(circularAllOf(), circularAllOf({ required: ['x'] })).map((c) => c.code)).toContain('required-added');
  });

  it('ends on cyclic objects from a dereferenced document', () => {
    expect(diffSchemas(cyclicTree(['id']), cyclicTree(['id']))).toEqual([]);
    expect(diffSchemas(cyclicTree([]), cyclicTree(['id'])).map((c) => c.code)).toContain('required-added');
  });
});
