/** The AsyncAPI and OpenAPI documents attached to services in catalog/ are valid. */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Parser, fromFile } from '@asyncapi/parser';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { CATALOG, list, loadResources, str } from './catalog.js';

const asyncapiFiles = globSync(['**/asyncapi.yml'], { cwd: CATALOG }).sort();
const openapiFiles = globSync(['**/openapi.yml'], { cwd: CATALOG }).sort();
const services = loadResources().filter((r) => r.type === 'service');
const parser = new Parser();

function attached(type: 'asyncapi' | 'openapi'): string[] {
  return services
    .flatMap((s) => list(s.fm['specifications']).filter((spec) => spec['type'] === type).map((spec) => path.posix.join(s.dir, str(spec['path']))))
    .sort();
}

describe('specifications', () => {
  it('are all attached to a service with the array form of `specifications`, and only those exist', () => {
    expect(attached('asyncapi')).toEqual(asyncapiFiles);
    expect(attached('openapi')).toEqual(openapiFiles);
  });

  it('include AsyncAPI for the Orders Service and Order Service, OpenAPI for the Orders Service and Cart API', () => {
    const owner = (file: string): string => str(services.find((s) => s.dir === path.posix.dirname(file))?.fm['id']);
    expect(asyncapiFiles.map(owner)).toEqual(expect.arrayContaining(['OrdersService', 'order-service']));
    expect(openapiFiles.map(owner)).toEqual(expect.arrayContaining(['OrdersService', 'cart-api']));
  });

  it.each(asyncapiFiles)('AsyncAPI %s parses with no error diagnostics', async (file) => {
    const { document, diagnostics } = await fromFile(parser, path.join(CATALOG, file)).parse();
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.operations().length).toBeGreaterThan(0);
  });

  it.each(openapiFiles)('OpenAPI %s validates', async (file) => {
    const api = await SwaggerParser.validate(path.join(CATALOG, file), { resolve: { http: false } });
    expect('openapi' in api && api.openapi).toMatch(/^3\.(0|1)\.\d+$/);
  });
});
