/**
 * The AsyncAPI maintainers' own example documents (2.6.0 and 3.0.0, test/fixtures/asyncapi-examples,
 * Apache-2.0, see its SOURCE.md). Each document, made into a catalog the way EventCatalog's
 * AsyncAPI generator would make it, must pass `validate` and `check` with no error: catwire reads
 * the document exactly as the catalog was written from it. Attached to a service that declares
 * nothing, each operation that carries messages gives one CW061 naming it. The built CLI, run on
 * all of them at once, prints no stack trace or internal error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { specDrift } from '../../generators/check/spec-drift.js';
import { formatDiagnostic, type Diagnostic } from '../../generators/diagnostics.js';
import { analyzeCatalog } from '../../generators/index.js';
import { writeCatalog, type FileMap } from '../helpers/catalog-fixture.js';
import { catalogFromAsyncApi, parseAsyncApi } from '../helpers/eventcatalog-asyncapi.js';
import { cliProcess } from '../helpers/run-cli.js';

const CORPUS = path.resolve(import.meta.dirname, '../fixtures/asyncapi-examples');
const DOCUMENTS = ['2.6.0', '3.0.0'].flatMap((v) => readdirSync(path.join(CORPUS, v)).map((f) => `${v}/${f}`)).sort();
/** Documents whose `$ref`s point at the web: catwire fetches nothing and says so (CW043), as the generator fails to parse them offline. */
const REMOTE = new Set(['3.0.0/adeo-kafka-request-reply-asyncapi.yml']);

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.splice(0).forEach((c) => c()));

const serviceIdOf = (doc: string) => doc.replace(/\.ya?ml$/, '').replace(/[/.]/g, '-');
const show = (list: readonly Diagnostic[]) => list.map((d) => `${d.code} ${formatDiagnostic(d)}`);

async function analyse(files: FileMap) {
  const { root, cleanup } = writeCatalog(files);
  cleanups.push(cleanup);
  const { model, diagnostics } = await analyzeCatalog(root, { today: '2026-11-22' });
  return { diagnostics, drift: specDrift(model) };
}

describe('the official AsyncAPI examples', () => {
  it('are all there (2.6.0 and 3.0.0, with their licence)', () => {
    expect(DOCUMENTS.length).toBe(35);
    expect(readFileSync(path.join(CORPUS, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  describe.each(DOCUMENTS.filter((d) => !REMOTE.has(d)))('%s', (doc) => {
    const text = readFileSync(path.join(CORPUS, doc), 'utf8');

    it('made into a catalog as EventCatalog would, gives no error in validate or check', async () => {
      const document = await parseAsyncApi(text, path.join(CORPUS, doc));
      expect(document, 'the parser reads the document').toBeDefined();
      const { diagnostics, drift } = await analyse(catalogFromAsyncApi(document!, serviceIdOf(doc), `spec/${path.basename(doc)}`, text));
      expect(show([...diagnostics, ...drift].filter((d) => d.severity === 'error'))).toEqual([]);
    });

    it('attached to a service that declares nothing, gives one CW061 per operation, naming it', async () => {
      const document = (await parseAsyncApi(text, path.join(CORPUS, doc)))!;
      const operations = document.allOperations().all().filter((o) => o.messages().length > 0);
      const { drift } = await analyse(catalogFromAsyncApi(document, serviceIdOf(doc), `spec/${path.basename(doc)}`, text, false));
      expect(drift.map((d) => d.code)).toEqual(operations.map(() => 'CW061'));
      const named = operations.map((o) => o.meta().pointer.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/')).join('.'));
      expect(drift.map((d) => d.field).sort()).toEqual(named.sort());
      for (const d of drift) expect(d.message).toMatch(/^operation "[^"]+" \(action (send|receive|publish|subscribe)\)/);
    });
  });

  it.each([...REMOTE])('%s: its remote $refs are named (CW043), nothing is fetched, nothing else is said', async (doc) => {
    const text = readFileSync(path.join(CORPUS, doc), 'utf8');
    const files: FileMap = {
      'teams/owners.mdx': { id: 'owners', name: 'Owners', summary: 's' },
      'services/Adeo/index.mdx': { id: 'adeo', name: 'Adeo', version: '1.0.0', summary: 's', owners: ['owners'], specifications: [{ type: 'asyncapi', path: 'asyncapi.yml' }] },
      'services/Adeo/asyncapi.yml': text,
    };
    const { diagnostics, drift } = await analyse(files);
    expect([...new Set([...diagnostics, ...drift].map((d) => d.code))]).toEqual(['CW043']);
  });

  it('the built CLI checks every document at once: one CW061 per operation, no other error, no stack trace or internal error', async () => {
    const files: Record<string, string | object> = { 'teams/owners.mdx': { id: 'owners', name: 'Owners', summary: 's' } };
    for (const doc of DOCUMENTS) {
      const id = serviceIdOf(doc);
      files[`services/${id}/index.mdx`] = { id, name: id, version: '1.0.0', summary: 's', owners: ['owners'], specifications: [{ type: 'asyncapi', path: 'asyncapi.yml' }] };
      files[`services/${id}/asyncapi.yml`] = readFileSync(path.join(CORPUS, doc), 'utf8');
    }
    const { root, cleanup } = writeCatalog(files);
    cleanups.push(cleanup);
    let operations = 0;
    for (const doc of DOCUMENTS) {
      const document = await parseAsyncApi(files[`services/${serviceIdOf(doc)}/asyncapi.yml`] as string, path.join(CORPUS, doc));
      operations += document?.allOperations().all().filter((o) => o.messages().length > 0).length ?? 0;
    }
    // check loads and validates the catalog and its documents, then reports every undeclared operation.
    const result = await cliProcess(['check', '--catalog', root, '--out', path.join(root, 'no-generated')], root);
    expect(result.code, result.out + result.err).toBe(1);
    expect(result.out + result.err).not.toMatch(/\n\s+at .+:\d+:\d+|internal error|TypeError|RangeError|Cannot read properties/);
    expect(result.out.match(/ CW061 /g)?.length).toBe(operations);
    expect(result.out.match(/ error /g)?.length).toBe(operations);
  }, 60_000);
});
