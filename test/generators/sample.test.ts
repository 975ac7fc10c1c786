/**
 * Samples for the generated contract tests: a string for each pattern the catalogs write,
 * nothing for patterns the sampler does not understand, and only samples that validate.
 */
import { describe, expect, it } from 'vitest';
import { patternSample } from '../../generators/emit/pattern-sample.js';
import path from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { samplesFor, validByConstruction } from '../../generators/emit/sample.js';
import { messageSchema } from '../../bench/synthetic-catalog.js';
import { analyzeCatalog } from '../../generators/index.js';
import { validatorFor } from '../../runtime/internal/validation.js';
import { REPO } from '../helpers/run-cli.js';

describe('patternSample', () => {
  it.each([
    ['^[A-Z]{2}$', 'AA'],
    ['^[A-Z0-9-]{3,32}$', 'AAA'],
    ['^INV-[0-9]{6}$', 'INV-000000'],
    ['^[0-9]+\\.[0-9]+\\.[0-9]+$', '0.0.0'],
    ['^\\+[1-9][0-9]{6,14}$', '+1000000'],
    ['^[a-z]{2}-[A-Z]{2}$', 'aa-AA'],
    ['^(?:ab|cd)x*\\d?$', 'ab'],
    ['^\\w+@\\w+$', 'a@a'],
  ])('%s → %s', (pattern, sample) => {
    expect(patternSample(pattern)).toBe(sample);
    expect(new RegExp(pattern, 'u').test(sample)).toBe(true);
  });

  it.each([['^(?=a)b$'], ['^[^a]$'], ['^(a)\\1$'], ['^[a-']])('gives up on %s', (pattern) => {
    expect(patternSample(pattern)).toBeUndefined();
  });
});

const money = { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'integer', minimum: 1 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } }, additionalProperties: false };

describe('samplesFor', () => {
  it('gives a full and a minimal sample, through $ref, allOf, formats, enums and bounds', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['id', 'total', 'lines', 'status'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        total: { allOf: [{ $ref: '#/definitions/Money' }] },
        lines: { type: 'array', minItems: 1, items: { type: 'object', required: ['qty'], properties: { qty: { type: 'integer', exclusiveMinimum: 0, multipleOf: 5 } } } },
        status: { enum: ['NEW', 'PAID'] },
        note: { type: 'string', minLength: 10, maxLength: 12 },
        at: { type: ['string', 'null'], format: 'date-time' },
      },
      additionalProperties: false,
      definitions: { Money: money },
    };
    const minimal = { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', total: { amount: 1, currency: 'AAA' }, lines: [{ qty: 5 }], status: 'NEW' };
    expect(samplesFor(schema)).toEqual([
      { shape: 'full', payload: { ...minimal, note: 'samplexxxx', at: '2024-01-15T09:30:00.000Z' } },
      { shape: 'minimal', payload: minimal },
    ]);
  });

  it('keeps one sample when both shapes are the same, and none that would not validate', () => {
    expect(samplesFor(money)).toEqual([{ shape: 'full', payload: { amount: 1, currency: 'AAA' } }]);
    expect(samplesFor({ type: 'string', pattern: '^(?=x)y$' })).toEqual([]);
    expect(samplesFor({ type: 'array', minItems: 2, uniqueItems: true, items: { type: 'integer' } })).toEqual([]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(samplesFor(money))).toBe(JSON.stringify(samplesFor(structuredClone(money))));
  });

  it('keeps only samples the runtime accepts too, for every schema of both catalogs', async () => {
    let checked = 0;
    for (const dir of [path.join(REPO, 'catalog'), path.join(REPO, '../shared/catalogs/flowmart')]) {
      const { model } = await analyzeCatalog(dir);
      for (const m of model.messages) {
        for (const schema of [m.schema, m.responseSchema]) {
          if (!schema || (schema.format !== 'jsonschema' && schema.format !== 'yaml')) continue;
          const samples = samplesFor(schema.content);
          expect(samples.length, `${m.id}@${m.version}`).toBeGreaterThan(0);
          const runtime = validatorFor(schema.content as never);
          for (const sample of samples) expect(runtime(sample.payload), `${m.id}@${m.version} ${sample.shape}`).toBeUndefined();
          checked += samples.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

/** A small deterministic generator of schemas around what the sampler builds by construction. */
function randomSchemas(count: number, seed: number): Record<string, unknown>[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const maybe = (p: number) => next() < p;
  const bound = () => pick([undefined, 0, 1, 2, 5, -3, 2.5]);
  const length = () => pick([undefined, 0, 1, 2, 5, 40]);
  const leaf = (): Record<string, unknown> => {
    const type = pick(['string', 'integer', 'number', 'boolean', 'null', ['string', 'null'], ['integer', 'string']] as const);
    const s: Record<string, unknown> = { type };
    if (maybe(0.3)) s.format = pick(['uuid', 'date-time', 'email', 'date', 'uri', 'int32', 'no-such-format']);
    if (maybe(0.3)) s.minLength = length();
    if (maybe(0.3)) s.maxLength = length();
    if (maybe(0.3)) s.minimum = bound();
    if (maybe(0.3)) s.maximum = bound();
    if (maybe(0.15)) s.enum = pick([['a', 'b'], [1, 2], [null], [], [1.5], [{ k: 1 }]]);
    if (maybe(0.1)) s.const = pick(['x', 3, null, true]);
    if (maybe(0.1)) s.pattern = '^[A-Z]{2}$';
    if (maybe(0.05)) s.default = pick(['d', 7]);
    if (maybe(0.1)) s.description = 'annotated';
    for (const key of Object.keys(s)) if (s[key] === undefined) delete s[key];
    return s;
  };
  const node = (depth: number): Record<string, unknown> => {
    const kind = depth > 2 ? 'leaf' : pick(['leaf', 'leaf', 'object', 'array']);
    if (kind === 'leaf') return leaf();
    if (kind === 'array') {
      const s: Record<string, unknown> = { type: 'array', items: node(depth + 1) };
      if (maybe(0.4)) s.minItems = pick([0, 1, 2]);
      if (maybe(0.3)) s.maxItems = pick([0, 1, 3]);
      if (maybe(0.3)) s.uniqueItems = true;
      return s;
    }
    const names = ['a', 'b', 'c', '__proto__'].slice(0, 1 + Math.floor(next() * 4));
    const properties = Object.fromEntries(names.map((n) => [n, node(depth + 1)]));
    const s: Record<string, unknown> = { type: pick(['object', ['object', 'null']]), properties };
    if (maybe(0.6)) s.required = names.filter(() => maybe(0.5)).concat(maybe(0.1) ? ['undeclared'] : []);
    if (maybe(0.5)) s.additionalProperties = pick([false, true, { type: 'integer' }]);
    return s;
  };
  return Array.from({ length: count }, () => ({ $schema: 'http://json-schema.org/draft-07/schema#', ...node(0) }));
}

describe('samples valid by construction (kept without being checked)', () => {
  it('are valid for both validators on 600 generated schemas', () => {
    const schemas = randomSchemas(600, 42);
    const trusted = schemas.filter((s) => validByConstruction(s));
    // Both paths are exercised: schemas skipped and schemas checked.
    expect(trusted.length).toBeGreaterThan(100);
    expect(schemas.length - trusted.length).toBeGreaterThan(100);
    for (const schema of trusted) {
      const samples = samplesFor(schema);
      expect(samples.length, JSON.stringify(schema)).toBeGreaterThan(0);
      const cfworker = new Validator(schema as never, '7', false);
      const runtime = validatorFor(schema as never);
      for (const { payload } of samples) {
        expect(cfworker.validate(payload).errors, JSON.stringify({ schema, payload })).toEqual([]);
        expect(runtime(payload), JSON.stringify({ schema, payload })).toBeUndefined();
      }
    }
  });

  it('covers the synthetic benchmark schema, and leaves references, patterns and defaults to the check', () => {
    expect(validByConstruction(messageSchema(1, 2))).toBe(true);
    expect(validByConstruction({ type: 'object', properties: { m: { $ref: '#/definitions/M' } }, definitions: { M: { type: 'string' } } })).toBe(false);
    expect(validByConstruction({ type: 'string', pattern: '^a$' })).toBe(false);
    expect(validByConstruction({ type: 'integer', default: 3 })).toBe(false);
    expect(validByConstruction({ type: 'integer', enum: ['a'] })).toBe(false);
    expect(validByConstruction({ type: 'object', required: ['x'], properties: {} })).toBe(false);
    expect(validByConstruction({ type: 'integer', minimum: 5, maximum: 1 })).toBe(false);
    expect(samplesFor({ type: 'integer', enum: ['a'] })).toEqual([]);
  });

  it('defines a property named __proto__ instead of setting the prototype', () => {
    const [full] = samplesFor({ type: 'object', required: ['__proto__'], properties: { __proto__: { type: 'string' } } } as never);
    expect(Object.getPrototypeOf(full?.payload)).toBe(Object.prototype);
    expect(Object.keys(full?.payload as object)).toEqual(['__proto__']);
  });
});
