/**
 * The compatibility corpus: one schema change per row, with the exact change codes diffSchemas
 * reports (in its order: pointer, then code) and what the change means for a service that
 * publishes the schema (events, query replies) and for one that receives it (commands, requests).
 */
import { describe, expect, it } from 'vitest';
import { CODE_EFFECTS, diffSchemas, overallImpact, type ChangeCode, type Impact } from '../../../generators/compat/index.js';

type Expected = { readonly codes: readonly ChangeCode[]; readonly publisher: Impact | 'none'; readonly receiver: Impact | 'none' };
type Row = readonly [name: string, base: unknown, head: unknown, expected: Expected];

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });
const str = { type: 'string' };
const int = { type: 'integer' };
const prop = (schema: unknown) => obj({ x: schema });

const none: Omit<Expected, 'codes'> = { publisher: 'none', receiver: 'none' };
const patch: Omit<Expected, 'codes'> = { publisher: 'patch', receiver: 'patch' };
/** Widening: breaks consumers of a published schema, additive for a received one. */
const widening: Omit<Expected, 'codes'> = { publisher: 'breaking', receiver: 'additive' };
/** Narrowing: additive for a published schema, breaks senders of a received one. */
const narrowing: Omit<Expected, 'codes'> = { publisher: 'additive', receiver: 'breaking' };
const both: Omit<Expected, 'codes'> = { publisher: 'breaking', receiver: 'breaking' };
const rows: readonly Row[] = [
  // ── objects ───────────────────────────────────────────────────────────────
  ['identical schemas', obj({ id: str }, { required: ['id'] }), obj({ id: str }, { required: ['id'] }), { codes: [], ...none }],
  ['same schema, keys in another order', { properties: { id: str }, type: 'object' }, { type: 'object', properties: { id: str } }, { codes: [], ...none }],
  ['optional property added, extras allowed', obj({ id: str }), obj({ id: str, note: str }), { codes: ['property-added-optional'], ...narrowing }],
  ['optional property added, additionalProperties: false', obj({ id: str }, { additionalProperties: false }), obj({ id: str, note: str }, { additionalProperties: false }), { codes: ['property-added-optional'], ...widening }],
  ['optional property added, unevaluatedProperties: false', obj({ id: str }, { unevaluatedProperties: false }), obj({ id: str, note: str }, { unevaluatedProperties: false }), { codes: ['property-added-optional'], ...widening }],
  ['optional untyped property added, extras allowed', obj({ id: str }), obj({ id: str, note: { description: 'free text' } }), { codes: ['property-added-optional'], ...patch }],
  ['required property added', obj({ id: str }), obj({ id: str, qty: int }, { required: ['qty'] }), { codes: ['property-added-required'], ...narrowing }],
  ['required property added, additionalProperties: false', obj({ id: str }, { additionalProperties: false }), obj({ id: str, qty: int }, { required: ['qty'], additionalProperties: false }), { codes: ['property-added-required'], ...both }],
  ['optional property removed', obj({ id: str, note: str }), obj({ id: str }), { codes: ['property-removed'], ...widening }],
  ['optional property removed, additionalProperties: false', obj({ id: str, note: str }, { additionalProperties: false }), obj({ id: str }, { additionalProperties: false }), { codes: ['property-removed'], ...narrowing }],
  ['required property removed', obj({ id: str, qty: int }, { required: ['qty'] }), obj({ id: str }), { codes: ['property-removed'], ...widening }],
  ['required property renamed', obj({ qty: int }, { required: ['qty'] }), obj({ quantity: int }, { required: ['quantity'] }), { codes: ['property-removed', 'property-added-required'], ...both }],
  ['optional property became required', obj({ qty: int }), obj({ qty: int }, { required: ['qty'] }), { codes: ['required-added'], ...narrowing }],
  ['required property became optional', obj({ qty: int }, { required: ['qty'] }), obj({ qty: int }), { codes: ['required-removed'], ...widening }],
  ['required list reordered', obj({ a: str, b: str }, { required: ['a', 'b'] }), obj({ a: str, b: str }, { required: ['b', 'a'] }), { codes: [], ...none }],
  ['additionalProperties true → false', obj({ id: str }, { additionalProperties: true }), obj({ id: str }, { additionalProperties: false }), { codes: ['additional-properties-forbidden'], ...narrowing }],
  ['additionalProperties false → true', obj({ id: str }, { additionalProperties: false }), obj({ id: str }), { codes: ['additional-properties-allowed'], ...widening }],
  ['additionalProperties true → schema', obj({ id: str }), obj({ id: str }, { additionalProperties: str }), { codes: ['additional-properties-constrained'], ...narrowing }],
  ['additionalProperties schema → true', obj({ id: str }, { additionalProperties: str }), obj({ id: str }), { codes: ['additional-properties-unconstrained'], ...widening }],
  ['additionalProperties schema widened', obj({}, { additionalProperties: int }), obj({}, { additionalProperties: { type: 'number' } }), { codes: ['type-widened'], ...widening }],
  ['additionalProperties true → {} is no change', obj({ id: str }), obj({ id: str }, { additionalProperties: {} }), { codes: [], ...none }],
  ['patternProperties entry added', obj({}), obj({}, { patternProperties: { '^x-': str } }), { codes: ['pattern-property-added'], ...narrowing }],
  ['propertyNames pattern added', obj({}), obj({}, { propertyNames: { pattern: '^[a-z]+$' } }), { codes: ['pattern-added'], ...narrowing }],
  ['maxProperties added', obj({}), obj({}, { maxProperties: 10 }), { codes: ['max-properties-added'], ...narrowing }],
  [
    'nested property deep in an array of objects became required',
    obj({ order: obj({ lines: { type: 'array', items: obj({ sku: str, qty: int }, { required: ['sku'] }) } }) }),
    obj({ order: obj({ lines: { type: 'array', items: obj({ sku: str, qty: int }, { required: ['sku', 'qty'] }) } }) }),
    { codes: ['required-added'], ...narrowing },
  ],
  ['property schema true → false', obj({ x: true }), obj({ x: false }), { codes: ['schema-forbidden'], ...narrowing }],
  // ── types ─────────────────────────────────────────────────────────────────
  ['integer → number', prop(int), prop({ type: 'number' }), { codes: ['type-widened'], ...widening }],
  ['number → integer', prop({ type: 'number' }), prop(int), { codes: ['type-narrowed'], ...narrowing }],
  ['string → [string, null]', prop(str), prop({ type: ['string', 'null'] }), { codes: ['type-widened'], ...widening }],
  ['[string, null] → string', prop({ type: ['string', 'null'] }), prop(str), { codes: ['type-narrowed'], ...narrowing }],
  ['string → number', prop(str), prop({ type: 'number' }), { codes: ['type-changed'], ...both }],
  ['type: [string, null] ≡ anyOf [string, null] (Specmatic#2217)', prop({ type: ['string', 'null'], maxLength: 5 }), prop({ anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] }), { codes: [], ...none }],
  ['nullable: true ≡ type: [string, null]', prop({ type: 'string', nullable: true }), prop({ type: ['null', 'string'] }), { codes: [], ...none }],
  ['type: string ≡ type: [string]', prop(str), prop({ type: ['string'] }), { codes: [], ...none }],
  ['string → anyOf [string, null] via a $ref', { ...prop({ $ref: '#/definitions/S' }), definitions: { S: str } }, { ...prop({ oneOf: [{ $ref: '#/definitions/S' }, { type: 'null' }] }), definitions: { S: str } }, { codes: ['type-widened'], ...widening }],
  // ── enum, const ───────────────────────────────────────────────────────────
  ['enum value added', prop({ enum: ['new', 'paid'] }), prop({ enum: ['new', 'paid', 'shipped'] }), { codes: ['enum-value-added'], ...widening }],
  ['enum value removed', prop({ enum: ['new', 'paid', 'shipped'] }), prop({ enum: ['new', 'paid'] }), { codes: ['enum-value-removed'], ...narrowing }],
  ['enum reordered', prop({ enum: ['new', 'paid'] }), prop({ enum: ['paid', 'new'] }), { codes: [], ...none }],
  ['enum value renamed', prop({ enum: ['new', 'paid'] }), prop({ enum: ['new', 'settled'] }), { codes: ['enum-value-added', 'enum-value-removed'], ...both }],
  ['enum added to a free string', prop(str), prop({ type: 'string', enum: ['a', 'b'] }), { codes: ['enum-added'], ...narrowing }],
  ['const changed', prop({ const: 'v1' }), prop({ const: 'v2' }), { codes: ['const-changed'], ...both }],
  ['const → enum that keeps it', prop({ const: 'a' }), prop({ enum: ['a', 'b'] }), { codes: ['enum-value-added'], ...widening }],
  ['const ≡ one-value enum', prop({ const: 'a' }), prop({ enum: ['a'] }), { codes: [], ...none }],
  // ── strings ───────────────────────────────────────────────────────────────
  ['format added', prop(str), prop({ type: 'string', format: 'email' }), { codes: ['format-added'], ...narrowing }],
  ['format removed', prop({ type: 'string', format: 'uuid' }), prop(str), { codes: ['format-removed'], ...widening }],
  ['format changed', prop({ type: 'string', format: 'date' }), prop({ type: 'string', format: 'date-time' }), { codes: ['format-changed'], ...both }],
  ['pattern added', prop(str), prop({ type: 'string', pattern: '^[A-Z]{3}$' }), { codes: ['pattern-added'], ...narrowing }],
  ['pattern removed', prop({ type: 'string', pattern: '^[A-Z]{3}$' }), prop(str), { codes: ['pattern-removed'], ...widening }],
  ['pattern changed', prop({ type: 'string', pattern: '^[A-Z]{3}$' }), prop({ type: 'string', pattern: '^[A-Z]{2,3}$' }), { codes: ['pattern-changed'], ...both }],
  ['pattern identical', prop({ type: 'string', pattern: '^[A-Z]{3}$' }), prop({ type: 'string', pattern: '^[A-Z]{3}$' }), { codes: [], ...none }],
  ['pattern rewritten, same regex (Specmatic#2717)', prop({ type: 'string', pattern: '^[a-zA-Z0-9_]{1,}$' }), prop({ type: 'string', pattern: '^[_A-Za-z\\d]+$' }), { codes: [], ...none }],
  ['minLength tightened', prop({ type: 'string', minLength: 1 }), prop({ type: 'string', minLength: 3 }), { codes: ['min-length-increased'], ...narrowing }],
  ['minLength relaxed', prop({ type: 'string', minLength: 3 }), prop({ type: 'string', minLength: 1 }), { codes: ['min-length-decreased'], ...widening }],
  ['minLength: 0 ≡ none', prop({ type: 'string', minLength: 0 }), prop(str), { codes: [], ...none }],
  ['maxLength tightened', prop({ type: 'string', maxLength: 20 }), prop({ type: 'string', maxLength: 10 }), { codes: ['max-length-decreased'], ...narrowing }],
  ['maxLength relaxed', prop({ type: 'string', maxLength: 10 }), prop({ type: 'string', maxLength: 20 }), { codes: ['max-length-increased'], ...widening }],
  ['maxLength removed', prop({ type: 'string', maxLength: 10 }), prop(str), { codes: ['max-length-removed'], ...widening }],
  // ── numbers ───────────────────────────────────────────────────────────────
  ['minimum tightened', prop({ type: 'number', minimum: 0 }), prop({ type: 'number', minimum: 1 }), { codes: ['minimum-increased'], ...narrowing }],
  ['minimum added', prop({ type: 'number' }), prop({ type: 'number', minimum: 0 }), { codes: ['minimum-added'], ...narrowing }],
  ['maximum tightened', prop({ type: 'number', maximum: 100 }), prop({ type: 'number', maximum: 50 }), { codes: ['maximum-decreased'], ...narrowing }],
  ['maximum relaxed', prop({ type: 'number', maximum: 50 }), prop({ type: 'number', maximum: 100 }), { codes: ['maximum-increased'], ...widening }],
  ['maximum removed', prop({ type: 'number', maximum: 50 }), prop({ type: 'number' }), { codes: ['maximum-removed'], ...widening }],
  ['exclusiveMinimum tightened', prop({ type: 'number', exclusiveMinimum: 0 }), prop({ type: 'number', exclusiveMinimum: 5 }), { codes: ['minimum-increased'], ...narrowing }],
  ['exclusiveMinimum 0 → minimum 0 relaxes', prop({ type: 'number', exclusiveMinimum: 0 }), prop({ type: 'number', minimum: 0 }), { codes: ['minimum-decreased'], ...widening }],
  ['integer: exclusiveMinimum 0 ≡ minimum 1', prop({ type: 'integer', exclusiveMinimum: 0 }), prop({ type: 'integer', minimum: 1 }), { codes: [], ...none }],
  ['multipleOf 2 → 4', prop({ type: 'integer', multipleOf: 2 }), prop({ type: 'integer', multipleOf: 4 }), { codes: ['multiple-of-changed'], ...narrowing }],
  ['multipleOf 0.01 → 0.005', prop({ type: 'number', multipleOf: 0.01 }), prop({ type: 'number', multipleOf: 0.005 }), { codes: ['multiple-of-changed'], ...widening }],
  ['multipleOf 2 → 3', prop({ type: 'integer', multipleOf: 2 }), prop({ type: 'integer', multipleOf: 3 }), { codes: ['multiple-of-changed'], ...both }],
  ['multipleOf added', prop({ type: 'number' }), prop({ type: 'number', multipleOf: 0.01 }), { codes: ['multiple-of-added'], ...narrowing }],
  // ── arrays ────────────────────────────────────────────────────────────────
  ['array items type changed', prop({ type: 'array', items: str }), prop({ type: 'array', items: int }), { codes: ['type-changed'], ...both }],
  ['minItems added', prop({ type: 'array', items: str }), prop({ type: 'array', items: str, minItems: 1 }), { codes: ['min-items-added'], ...narrowing }],
  ['maxItems relaxed', prop({ type: 'array', maxItems: 5 }), prop({ type: 'array', maxItems: 10 }), { codes: ['max-items-increased'], ...widening }],
  ['uniqueItems added', prop({ type: 'array' }), prop({ type: 'array', uniqueItems: true }), { codes: ['unique-items-added'], ...narrowing }],
  ['draft-07 tuple ≡ 2020-12 prefixItems', prop({ type: 'array', items: [str, int], additionalItems: false }), prop({ type: 'array', prefixItems: [str, int], items: false }), { codes: [], ...none }],
  ['tuple position added, closed tail', prop({ type: 'array', items: [str], additionalItems: false }), prop({ type: 'array', items: [str, int], additionalItems: false }), { codes: ['tuple-item-added'], ...widening }],
  ['tuple position added, open tail', prop({ type: 'array', prefixItems: [str] }), prop({ type: 'array', prefixItems: [str, int] }), { codes: ['tuple-item-added'], ...narrowing }],
  ['tuple position type changed', prop({ type: 'array', prefixItems: [str, int] }), prop({ type: 'array', prefixItems: [str, str] }), { codes: ['type-changed'], ...both }],
  ['contains added', prop({ type: 'array' }), prop({ type: 'array', contains: int }), { codes: ['contains-added'], ...narrowing }],
  // ── $ref ──────────────────────────────────────────────────────────────────
  ['subschema moved into definitions', obj({ address: obj({ street: str }) }), { ...obj({ address: { $ref: '#/definitions/Address' } }), definitions: { Address: obj({ street: str }) } }, { codes: [], ...none }],
  ['definitions → $defs (2020-12)', { ...obj({ a: { $ref: '#/definitions/A' } }), definitions: { A: str } }, { $schema: 'https://json-schema.org/draft/2020-12/schema', ...obj({ a: { $ref: '#/$defs/A' } }), $defs: { A: str } }, { codes: [], ...none }],
  ['ref retargeted to a different schema', { ...prop({ $ref: '#/$defs/A' }), $defs: { A: obj({ id: str }), B: obj({ id: str, n: int }, { required: ['n'] }) } }, { ...prop({ $ref: '#/$defs/B' }), $defs: { A: obj({ id: str }), B: obj({ id: str, n: int }, { required: ['n'] }) } }, { codes: ['property-added-required'], ...narrowing }],
  ['ref retargeted to an identical schema', { ...prop({ $ref: '#/$defs/A' }), $defs: { A: str } }, { ...prop({ $ref: '#/$defs/B' }), $defs: { B: str } }, { codes: [], ...none }],
  ['external ref changed', prop({ $ref: 'common.json#/Money' }), prop({ $ref: 'common.json#/Price' }), { codes: ['ref-changed'], ...both }],
  ['unused definition changed', { ...prop(str), definitions: { Unused: str } }, { ...prop(str), definitions: { Unused: int } }, { codes: [], ...none }],
  // ── composition ───────────────────────────────────────────────────────────
  ['oneOf branch added', prop({ oneOf: [obj({ card: str }), obj({ iban: str })] }), prop({ oneOf: [obj({ card: str }), obj({ iban: str }), obj({ voucher: str })] }), { codes: ['one-of-branch-added'], ...widening }],
  ['oneOf branch removed', prop({ oneOf: [obj({ card: str }), obj({ iban: str }), obj({ voucher: str })] }), prop({ oneOf: [obj({ card: str }), obj({ voucher: str })] }), { codes: ['one-of-branch-removed'], ...narrowing }],
  ['anyOf branch added', prop({ anyOf: [obj({ a: str }), obj({ b: str })] }), prop({ anyOf: [obj({ a: str }), obj({ b: str }), obj({ c: str })] }), { codes: ['any-of-branch-added'], ...widening }],
  ['oneOf branch changed in place', prop({ oneOf: [obj({ card: str }), obj({ iban: str })] }), prop({ oneOf: [obj({ card: str }), obj({ iban: str }, { required: ['iban'] })] }), { codes: ['required-added'], ...narrowing }],
  ['oneOf branches reordered', prop({ oneOf: [obj({ card: str }), obj({ iban: str })] }), prop({ oneOf: [obj({ iban: str }), obj({ card: str })] }), { codes: [], ...none }],
  ['schema wrapped into oneOf with a new alternative (oasdiff#702)', obj({ card: str }, { required: ['card'] }), { oneOf: [obj({ card: str }, { required: ['card'] }), obj({ iban: str }, { required: ['iban'] })] }, { codes: ['one-of-branch-added'], ...widening }],
  ['oneOf unwrapped to one of its branches', { oneOf: [obj({ card: str }, { required: ['card'] }), obj({ iban: str }, { required: ['iban'] })] }, obj({ card: str }, { required: ['card'] }), { codes: ['one-of-branch-removed'], ...narrowing }],
  ['oneOf → anyOf', prop({ oneOf: [obj({ a: str }), obj({ b: str })] }), prop({ anyOf: [obj({ a: str }), obj({ b: str })] }), { codes: ['one-of-became-any-of'], ...widening }],
  ['property moved from the root into an allOf member (oasdiff#766)', obj({ id: str, qty: int }, { required: ['id', 'qty'] }), { allOf: [obj({ id: str }, { required: ['id'] }), { properties: { qty: int }, required: ['qty'] }] }, { codes: [], ...none }],
  [
    'wrapped into oneOf, the parent keeping the shared keywords',
    obj({ card: str }, { required: ['card'] }),
    { type: 'object', oneOf: [{ properties: { card: str }, required: ['card'] }, { properties: { iban: str }, required: ['iban'] }] },
    { codes: ['one-of-branch-added'], ...widening },
  ],
  ['wrapped into oneOf and changed', obj({ card: str }, { required: ['card'] }), { oneOf: [obj({ card: { type: 'string', maxLength: 19 } }, { required: ['card'] }), obj({ iban: str }, { required: ['iban'] })] }, { codes: ['max-length-added', 'one-of-branch-added'], ...both }],
  ['replaced by a oneOf of unrelated alternatives', obj({ card: str }, { required: ['card'] }), { oneOf: [obj({ iban: str }, { required: ['iban'] }), obj({ voucher: str }, { required: ['voucher'] })] }, { codes: ['one-of-added'], ...both }],
  ['anyOf added to an open schema', {}, { anyOf: [obj({ a: str }, { required: ['a'] }), obj({ b: str }, { required: ['b'] })] }, { codes: ['any-of-added'], ...narrowing }],
  [
    'titled branches: one changed, one added (matched by title, not position)',
    { oneOf: [{ title: 'Cash', ...obj({ amount: { type: 'number' } }) }, { title: 'Card', ...obj({ pan: str }) }] },
    { oneOf: [{ title: 'Card', ...obj({ pan: { type: 'string', minLength: 12 } }) }, { title: 'Voucher', ...obj({ code: str }) }, { title: 'Cash', ...obj({ amount: { type: 'number' } }) }] },
    { codes: ['min-length-added', 'one-of-branch-added'], ...both },
  ],
  [
    'discriminated branches: one changed, one added (matched by const tag)',
    { oneOf: [obj({ kind: { const: 'a' }, x: str }), obj({ kind: { const: 'b' }, y: str })] },
    { oneOf: [obj({ kind: { const: 'a' }, x: int }), obj({ kind: { const: 'b' }, y: str }), obj({ kind: { const: 'c' } })] },
    { codes: ['type-changed', 'one-of-branch-added'], ...both },
  ],
  ['nullable enum: type list + null value ≡ anyOf with a null branch', prop({ type: ['string', 'null'], enum: ['a', 'b', null] }), prop({ anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] }), { codes: [], ...none }],
  ['allOf of nots ≡ not of an enum', prop({ allOf: [{ not: { const: 'a' } }, { not: { const: 'b' } }] }), prop({ not: { enum: ['a', 'b'] } }), { codes: [], ...none }],
  [
    'allOf member closed with additionalProperties: false cannot merge: compared as written',
    { allOf: [obj({ a: str }, { additionalProperties: false }), { properties: { b: str } }] },
    { allOf: [obj({ a: str }, { additionalProperties: false }), { properties: { b: int } }] },
    { codes: ['all-of-changed'], ...both },
  ],
  ['keywords beside a $ref apply (as ajv applies them)', { $defs: { S: str }, $ref: '#/$defs/S', maxLength: 5 }, { $defs: { S: str }, $ref: '#/$defs/S', maxLength: 3 }, { codes: ['max-length-decreased'], ...narrowing }],
  [
    'recursive schema: a change is reported once, where it is first met',
    { $defs: { Node: obj({ value: str, next: { $ref: '#/$defs/Node' } }) }, $ref: '#/$defs/Node' },
    { $defs: { Node: obj({ value: int, next: { $ref: '#/$defs/Node' } }) }, $ref: '#/$defs/Node' },
    { codes: ['type-changed'], ...both },
  ],
  [
    'mutually recursive definitions',
    { $defs: { A: obj({ b: { $ref: '#/$defs/B' } }), B: obj({ a: { $ref: '#/$defs/A' } }) }, $ref: '#/$defs/A' },
    { $defs: { A: obj({ b: { $ref: '#/$defs/B' } }), B: obj({ a: { $ref: '#/$defs/A' }, note: str }) }, $ref: '#/$defs/A' },
    { codes: ['property-added-optional'], ...narrowing },
  ],
  ['unevaluatedProperties beside a oneOf (not analysed: both)', { oneOf: [obj({ a: str }), obj({ b: str })], unevaluatedProperties: false }, { oneOf: [obj({ a: str }), obj({ b: str })] }, { codes: ['unanalysed-keyword-changed'], ...both }],
  ['not added', prop(str), prop({ type: 'string', not: { const: '' } }), { codes: ['not-added'], ...narrowing }],
  ['not widened (the outer schema narrows)', prop({ type: 'string', not: { const: '' } }), prop({ type: 'string', not: { enum: ['', 'n/a'] } }), { codes: ['enum-value-added'], ...narrowing }],
  // ── annotations and dialects ──────────────────────────────────────────────
  ['description changed', prop({ type: 'string', description: 'old' }), prop({ type: 'string', description: 'new' }), { codes: ['description-changed'], ...patch }],
  ['title changed', { title: 'Order', ...obj({}) }, { title: 'Purchase order', ...obj({}) }, { codes: ['title-changed'], ...patch }],
  ['examples changed', prop({ type: 'string', examples: ['a'] }), prop({ type: 'string', examples: ['b'] }), { codes: ['examples-changed'], ...patch }],
  ['default added to a new required property is still narrowing', obj({}), obj({ qty: { type: 'integer', default: 1 } }, { required: ['qty'] }), { codes: ['property-added-required'], ...narrowing }],
  ['default added', prop(int), prop({ type: 'integer', default: 1 }), { codes: ['default-changed'], ...patch }],
  ['deprecated added', prop(int), prop({ type: 'integer', deprecated: true }), { codes: ['deprecated-changed'], ...patch }],
  ['$comment and x- extension changed', prop({ type: 'integer', $comment: 'a', 'x-owner': 'a' }), prop({ type: 'integer', $comment: 'b', 'x-owner': 'b' }), { codes: ['annotation-changed', 'annotation-changed'], ...patch }],
  [
    'draft-07 document rewritten as 2020-12',
    { $schema: 'http://json-schema.org/draft-07/schema#', ...obj({ at: { $ref: '#/definitions/Point' } }), definitions: { Point: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], additionalItems: false } } },
    { $schema: 'https://json-schema.org/draft/2020-12/schema', ...obj({ at: { $ref: '#/$defs/Point' } }), $defs: { Point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false } } },
    { codes: [], ...none },
  ],
  ['if/then added (not analysed: both)', obj({ kind: str }), obj({ kind: str }, { if: prop({ const: 'a' }), then: { required: ['a'] } }), { codes: ['unanalysed-keyword-changed', 'unanalysed-keyword-changed'], ...both }],
];

describe('diffSchemas corpus', () => {
  it.each(rows)('%s', (_name, base, head, expected) => {
    const changes = diffSchemas(base, head);
    expect(changes.map((c) => c.code)).toEqual(expected.codes);
    expect(overallImpact(changes, 'publisher')).toBe(expected.publisher);
    expect(overallImpact(changes, 'receiver')).toBe(expected.receiver);
  });

  it('has at least 40 rows with distinct names', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  });

  it('reports every fixed-effect code with its fixed effect (outside `not`)', () => {
    for (const [, base, head] of rows) {
      for (const change of diffSchemas(base, head)) {
        const fixed = CODE_EFFECTS[change.code];
        if (fixed !== 'depends' && !change.pointer.includes('/not')) expect({ code: change.code, effect: change.effect }).toEqual({ code: change.code, effect: fixed });
      }
    }
  });

  it('is symmetric: swapping base and head inverts every effect', () => {
    const invert = { widening: 'narrowing', narrowing: 'widening', both: 'both', none: 'none' } as const;
    for (const [name, base, head] of rows) {
      const forward = diffSchemas(base, head).map((c) => invert[c.effect]).sort();
      const backward = diffSchemas(head, base).map((c) => c.effect).sort();
      expect({ name, effects: backward }).toEqual({ name, effects: forward });
    }
  });
});
