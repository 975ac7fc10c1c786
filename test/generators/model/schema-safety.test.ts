/**
 * The schema checks' diagnostics, pinned in the one grammar: what a schema must not do to the
 * generated code (CW046) or to the services that validate with it (CW047, CW048, CW049, CW010).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../generators/diagnostics.js';
import { checkSchema } from '../../../generators/model/schema-safety.js';

const texts = (content: unknown) => checkSchema({ file: 'events/e/schema.json', content }).map((d) => `${d.code} ${formatDiagnostic(d)}`);

describe('schema checks', () => {
  it('CW046: tsType and tsEnumNames, wherever a subschema is', () => {
    expect(texts({ properties: { a: { tsType: 'X' }, b: { items: { enum: ['x'], tsEnumNames: ['X'] } } } })).toEqual([
      'CW046 events/e/schema.json /properties/a/tsType — `tsType` is an instruction to a TypeScript generator, which would paste its text into the generated code; catwire ignores it. Remove it and describe the value with JSON Schema keywords (type, enum, properties).',
      'CW046 events/e/schema.json /properties/b/items/tsEnumNames — `tsEnumNames` is an instruction to a TypeScript generator, which would paste its text into the generated code; catwire ignores it. Remove it: the enum values themselves name the members.',
    ]);
  });

  it('leaves data alone: a property named tsType or pattern, and keywords inside examples and defaults', () => {
    expect(texts({ properties: { tsType: { type: 'string' }, pattern: { type: 'string' } }, default: { tsType: 'x', pattern: '(' }, examples: [{ pattern: '(a+)+' }] })).toEqual([]);
  });

  it('CW047: a pattern ajv cannot compile with the u flag', () => {
    expect(texts({ properties: { a: { pattern: '\\-' } } })).toEqual([
      'CW047 events/e/schema.json /properties/a/pattern — pattern "\\\\-" is not a valid ECMAScript regular expression with the u flag (Invalid escape), which is how the runtime\'s validator compiles it. Write it in ECMAScript syntax: no inline flags such as (?i), no possessive quantifiers, and a backslash only before characters that need one.',
    ]);
  });

  it('CW048 for exponential backtracking, CW054 for polynomial; linear patterns pass', () => {
    expect(texts({ patternProperties: { '^(a+)+$': {} }, properties: { b: { pattern: '.*@.*' }, c: { pattern: '^[a-z]+(-[a-z]+)*$' }, d: { pattern: '^\\d{4}-\\d{2}$' } } })).toEqual([
      'CW048 events/e/schema.json /patternProperties/^(a+)+$ — pattern "^(a+)+$" can take exponential time on a string of repeated "a" characters: the runtime\'s validator backtracks, so one message could stall the service that receives it. Rewrite it so that no two parts can match the same characters (e.g. [^@]+@ rather than .+@, (a|b)+ rather than (a+|b)+).',
      'CW054 events/e/schema.json /properties/b/pattern — pattern ".*@.*" can take polynomial time on a string of repeated "@" characters: the runtime\'s validator backtracks, so one message could stall the service that receives it. Rewrite it so that no two parts can match the same characters (e.g. [^@]+@ rather than .+@, (a|b)+ rather than (a+|b)+).',
    ]);
  });

  it('CW049: a cycle that never nests, named; one through properties or items is fine', () => {
    expect(texts({ $ref: '#/definitions/A', definitions: { A: { anyOf: [{ $ref: '#/definitions/B' }] }, B: { not: { $ref: '#/definitions/A' } } } })).toEqual([
      'CW049 events/e/schema.json — refers back to itself without nesting (# → #/definitions/A → #/definitions/A/anyOf/0 → #/definitions/B → #/definitions/B/not → #/definitions/A): validating a value would apply the same schema to it forever, and its TypeScript type would be a circular alias. Make the recursion go through properties or items (a Node whose children are Nodes), or remove the $ref that closes the cycle.'.replace('# → #/definitions/A → ', '#/definitions/A → '),
    ].map((t) => t.replace('events/e/schema.json —', 'events/e/schema.json /definitions/A —')));
    expect(texts({ definitions: { N: { properties: { next: { $ref: '#/definitions/N' } } } }, $ref: '#/definitions/N' })).toEqual([]);
    // A cycle among definitions nothing uses harms nothing.
    expect(texts({ type: 'string', definitions: { U: { oneOf: [{ $ref: '#/definitions/U' }] } } })).toEqual([]);
  });

  it('CW049: deeper than the limit, walked without recursion', () => {
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < 20_000; i++) deep = { items: deep };
    expect(texts(deep)).toEqual([
      'CW049 events/e/schema.json — is nested more than 200 levels deep; code generation and validation recurse once per level. Flatten it: name the nested parts under definitions and refer to them with $ref (a $ref through properties or items may recurse).',
    ]);
  });

  it('CW010: a local $ref to nothing', () => {
    expect(texts({ properties: { a: { $ref: '#/definitions/Missing' } } })).toEqual([
      'CW010 events/e/schema.json /properties/a/$ref — $ref "#/definitions/Missing" points to nothing in this schema. Point it at an existing part of the document (e.g. #/definitions/Name), or define what it names.',
    ]);
  });

  it('shows property names in pointers without line breaks or bidi controls', () => {
    expect(texts({ properties: { 'a\nb\u202E': { tsType: 'x' } } })[0]).toContain('/properties/a\\nb\\u202e/tsType —');
  });
});
