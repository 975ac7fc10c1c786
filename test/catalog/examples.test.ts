/**
 * Every message in catalog/ has a draft-07 JSON Schema, examples that validate against it and an
 * examples.config.yaml naming them; every query also has a reply schema (x-response-schema) with
 * reply examples in response-examples/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { addCatwireKeywords } from '../../generators/annotations.js';
import { CATALOG, MESSAGE_TYPES, loadResources, readJson, str } from './catalog.js';

type FormatsPlugin = (ajv: Ajv | Ajv2020) => unknown;
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ?? (formatsModule as unknown as FormatsPlugin);

// Strict, so a keyword nobody declared fails the schema; catwire's own are declared.
const draft07 = addCatwireKeywords(new Ajv({ strict: true, allErrors: true }));
const draft2020 = addCatwireKeywords(new Ajv2020({ strict: true, allErrors: true }));
addFormats(draft07);
addFormats(draft2020);

function compile(file: string): ValidateFunction {
  const schema = readJson(file) as Record<string, unknown>;
  const ajv = str(schema['$schema']).includes('2020-12') ? draft2020 : draft07;
  return ajv.compile({ ...schema, $id: `file://${file}` });
}

function jsonFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

const messages = loadResources().filter((r) => MESSAGE_TYPES.includes(r.type));

describe('message examples', () => {
  it('finds the messages of the catalog', () => {
    expect(messages.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(messages.map((m) => [`${m.type} ${str(m.fm['id'])}@${str(m.fm['version'])}`, m] as const))('%s', (_, message) => {
    const dir = path.join(CATALOG, message.dir);
    const schemaFile = path.join(dir, str(message.fm['schemaPath']));

    it('has a draft-07 object schema at schemaPath', () => {
      expect(message.fm['schemaPath']).toBe('schema.json');
      const schema = readJson(schemaFile) as Record<string, unknown>;
      expect(schema).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' });
      expect(typeof schema['title']).toBe('string');
      expect(Array.isArray(schema['required'])).toBe(true);
    });

    it('has examples that validate against its schema, each described in examples.config.yaml', () => {
      const exampleDir = path.join(dir, 'examples');
      const files = jsonFiles(exampleDir);
      expect(files.length).toBeGreaterThan(0);
      const config = parseYaml(fs.readFileSync(path.join(exampleDir, 'examples.config.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
      expect(Object.keys(config).sort()).toEqual(files);
      const validate = compile(schemaFile);
      for (const file of files) {
        expect(config[file], file).toMatchObject({ name: expect.any(String), summary: expect.any(String), usage: expect.any(String) });
        const valid = validate(readJson(path.join(exampleDir, file)));
        expect(valid, `${file}: ${draft07.errorsText(validate.errors)}`).toBe(true);
      }
    });

    if (message.type === 'query') {
      it('has a reply schema (x-response-schema) and reply examples that validate against it', () => {
        expect(message.fm['x-response-schema']).toBe('response.schema.json');
        const validate = compile(path.join(dir, 'response.schema.json'));
        const replyDir = path.join(dir, 'response-examples');
        const files = jsonFiles(replyDir);
        expect(files.length).toBeGreaterThan(0);
        for (const file of files) {
          const valid = validate(readJson(path.join(replyDir, file)));
          expect(valid, `${file}: ${draft07.errorsText(validate.errors)}`).toBe(true);
        }
      });
    } else {
      it('has no reply schema (only queries do)', () => {
        expect(message.fm['x-response-schema']).toBeUndefined();
        expect(fs.existsSync(path.join(dir, 'response-examples'))).toBe(false);
      });
    }
  });
});
