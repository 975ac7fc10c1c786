/**
 * validate checks what the catalog asserts: each JSON Schema against its dialect's meta-schema
 * (CW016), each example against its message's schema (CW017), and that the folder holds a
 * catalog at all (CW018).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../generators/diagnostics.js';
import { SchemaChecker } from '../../../generators/model/schema-checks.js';
import { BASE_FILES } from '../../helpers/catalog-fixture.js';
import { cli } from '../../helpers/run-cli.js';
import { eventWith } from './fixtures.js';
import { report } from './report.js';

const SCHEMA = 'services/Producer/events/ThingHappened/schema.json';
const schema = (content: object | string) => report({ ...BASE_FILES, [SCHEMA]: content }, ['CW016']);
const example = (name: string, content: unknown) =>
  report({ ...BASE_FILES, [`services/Producer/events/ThingHappened/examples/${name}`]: typeof content === 'string' ? content : (content as object) }, ['CW017']);

describe('CW016 invalid-schema', () => {
  it('a draft-07 schema (declared or by default) with a type no dialect has', async () => {
    expect(await schema({ type: 'object', properties: { id: { type: 'strin' } } })).toEqual([
      'CW016 services/Producer/events/ThingHappened/schema.json properties.id.type — the schema is not valid draft-07 JSON Schema: properties.id.type must be one of "array", "boolean", "integer", "null", "number", "object", "string". Correct it against the draft-07 meta-schema (a schema without $schema is read as draft-07).',
    ]);
  });

  it('a 2020-12 schema, checked against 2020-12, with the count of further problems', async () => {
    expect(await schema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: 'id', $defs: { x: { minimum: 'a' } } })).toEqual([
      'CW016 services/Producer/events/ThingHappened/schema.json $defs.x.minimum — the schema is not valid 2020-12 JSON Schema: $defs.x.minimum must be number (and problems at 1 more place). Correct it against the 2020-12 meta-schema.',
    ]);
  });

  it('a 2019-09 schema, checked against 2019-09', async () => {
    expect(await schema({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'array', minItems: -1 })).toEqual([
      'CW016 services/Producer/events/ThingHappened/schema.json minItems — the schema is not valid 2019-09 JSON Schema: minItems must be >= 0. Correct it against the 2019-09 meta-schema.',
    ]);
  });

  it('keywords of the dialect, annotations and x- keys are fine; dialects catwire does not check are left alone', async () => {
    expect(await schema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', prefixItems: [{ type: 'string' }], examples: [{}], 'x-owner': 'core', unevaluatedProperties: false })).toEqual([]);
    expect(await schema({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 3, exclusiveMaximum: true })).toEqual([]);
  });

  it('a schema nested 20,000 deep is left unchecked, not a stack overflow', () => {
    const depth = 20_000;
    const content = JSON.parse(`${'{"items":'.repeat(depth)}{"type":"strin"}${'}'.repeat(depth)}`) as object;
    const found: Diagnostic[] = [];
    new SchemaChecker(found).checkMetaSchema({ file: 'deep.json', format: 'jsonschema', content });
    expect(found).toEqual([]);
  });
});

describe('CW017 invalid-example', () => {
  it('an example missing a required property', async () => {
    expect(await example('empty.json', { other: 1 })).toEqual([
      'CW017 services/Producer/events/ThingHappened/examples/empty.json — the example does not match the schema of event "thing-happened@1.0.0" (services/Producer/events/ThingHappened/schema.json): the payload must have required property \'id\'. Correct the example, or the schema if the example shows what is really sent.',
    ]);
  });

  it('an example with a value of the wrong type, in YAML, naming the field', async () => {
    expect(await example('wrong.yaml', 'id: 42\n')).toEqual([
      'CW017 services/Producer/events/ThingHappened/examples/wrong.yaml id — the example does not match the schema of event "thing-happened@1.0.0" (services/Producer/events/ThingHappened/schema.json): id must be string. Correct the example, or the schema if the example shows what is really sent.',
    ]);
  });

  it('a valid example is quiet, and a catastrophic pattern with a crafted example does not stall the run', async () => {
    expect(await example('ok.json', { id: 'a' })).toEqual([]);
    const files = {
      ...BASE_FILES,
      ...eventWith({}),
      [SCHEMA]: { type: 'object', properties: { id: { type: 'string', pattern: '^(a+)+$' } } },
      'services/Producer/events/ThingHappened/examples/redos.json': { id: `${'a'.repeat(40)}!` },
    };
    expect(await report(files, ['CW017'])).toEqual([]);
  });
});

describe('CW018 no-resources', () => {
  it('a folder with no resource is an error, not "0 errors"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'catwire-empty-'));
    try {
      const result = await cli(['validate', dir]);
      expect(result.code).toBe(1);
      expect(result.out).toContain(
        `error   CW018 . — no EventCatalog resources under ${dir}, so there is nothing to check: this is probably not the catalog folder. Point catwire at the folder that holds the catalog (domains/, services/, events/, channels/ …), e.g. \`catwire validate path/to/catalog\`.`,
      );
      expect(result.out).toContain('✖ 1 error, 0 warnings');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
