/**
 * Samples for the generated contract tests: a string for each pattern the catalogs write,
 * nothing for patterns the sampler does not understand, and only samples that validate.
 */
import { describe, expect, it } from 'vitest';
import { patternSample } from '../../generators/emit/pattern-sample.js';
import path from 'node:path';
import { samplesFor } from '../../generators/emit/sample.js';
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
