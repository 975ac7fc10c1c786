/**
 * Batched type generation must print exactly what compiling each schema alone prints: checked on
 * every schema of the example catalog, of FlowMart (real-world quirks) and on shapes chosen to
 * stress the split (doc comments on the root, nested objects, unions, a schema used twice, a
 * part shared by two schemas).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilesInBatch, typeDeclarations, typeDeclarationsBatch, type DeclarationJob } from '../../../generators/emit/type-declarations.js';
import { analyzeCatalog } from '../../../generators/index.js';
import { messageSchema } from '../../../bench/synthetic-catalog.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function catalogJobs(dir: string): Promise<DeclarationJob[]> {
  const { model } = await analyzeCatalog(dir);
  return model.codegen.types.map((plan) => {
    const schema = plan.message.schema;
    const json = schema && (schema.format === 'jsonschema' || schema.format === 'yaml') ? schema.content : undefined;
    return { schema: json, name: plan.typeName, doc: [plan.message.id], cwd: schema ? path.dirname(path.join(model.root, schema.file)) : model.root };
  });
}

async function expectSameAsAlone(jobs: readonly DeclarationJob[]): Promise<void> {
  expect(jobs.filter(compilesInBatch).length).toBeGreaterThan(0); // the batch path is exercised
  const batched = await typeDeclarationsBatch(jobs);
  const alone = await Promise.all(jobs.map((job) => typeDeclarations(job).then((text) => ({ text }), (e: Error) => ({ error: e.message }))));
  expect(batched).toEqual(alone);
}

const shared = { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] };
const sharedPart = { type: 'object', properties: { n: { type: 'integer' } } };
const tricky: Record<string, unknown>[] = [
  { type: 'object', deprecated: true, properties: { a: { type: 'string', description: 'An */ end inside' } } },
  { type: 'array', items: { type: 'object', description: 'One line', properties: { q: { type: 'integer' } } } },
  { type: ['string', 'null'] },
  { oneOf: [{ type: 'object', properties: { kind: { const: 'a' } } }, { type: 'object', properties: { kind: { const: 'b' } } }] },
  { type: 'object', properties: { nested: { type: 'object', properties: { deeper: { type: 'array', items: { enum: [1, 2, 'x'] } } } } }, additionalProperties: false },
  { type: 'object', patternProperties: { '^x-': { type: 'string' } } },
  { type: 'object', properties: { title: { type: 'string' }, id: { type: 'string' } } },
  shared,
  shared,
  { type: 'object', properties: { part: sharedPart } },
  { type: 'array', items: sharedPart },
  { type: 'object', properties: { child: { title: 'Named', type: 'object' } } },
  { type: 'object', definitions: { Money: { type: 'integer' } }, properties: { m: { $ref: '#/definitions/Money' } } },
  { type: 'object', required: true },
];

describe('batched type declarations', () => {
  it('equal compiling alone for every schema of the example catalog', async () => {
    await expectSameAsAlone(await catalogJobs(path.join(REPO, 'catalog')));
  });

  it('equal compiling alone for every schema of FlowMart', async () => {
    await expectSameAsAlone(await catalogJobs(path.join(REPO, '../shared/catalogs/flowmart')));
  });

  it('equal compiling alone for shapes that stress the split, in batches larger than one compile', async () => {
    const synthetic = Array.from({ length: 230 }, (_, i) => messageSchema(i, i % 10));
    const jobs = [...tricky, ...synthetic].map((schema, i): DeclarationJob => ({ schema, name: `Message${i}`, doc: [`message ${i}`], cwd: REPO }));
    expect(jobs.slice(0, tricky.length).map(compilesInBatch)).toEqual([true, true, true, true, true, true, true, true, true, true, true, false, false, true]);
    await expectSameAsAlone(jobs);
  });
});
