/**
 * Spec files that are not what they claim (item 8 of issue 11): each is named for what it is,
 * with no parser internals, and a document that parses but breaks its specification is an error
 * by default, not only under --lint-specs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../../../generators/diagnostics.js';
import { analyzeCatalog } from '../../../generators/index.js';
import { BASE_FILES, writeCatalog, type FileMap } from '../../helpers/catalog-fixture.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function specFindings(type: 'asyncapi' | 'openapi', file: string, text: string, lintSpecs = false): Promise<string[]> {
  const files: FileMap = {
    ...BASE_FILES,
    'services/Producer/index.mdx': {
      id: 'producer', name: 'Producer', version: '1.0.0', summary: 's', owners: ['core'],
      sends: [{ id: 'thing-happened', version: '1.0.0' }],
      specifications: [{ type, path: file }],
    },
    [`services/Producer/${file}`]: text,
  };
  const { root, cleanup } = writeCatalog(files);
  cleanups.push(cleanup);
  const { diagnostics } = await analyzeCatalog(root, { today: '2026-11-22', lintSpecs });
  return diagnostics.filter((d) => d.file.endsWith(file)).map((d) => `${d.code} ${formatDiagnostic(d)}`);
}

const F = 'services/Producer/';
const minimal3 = { asyncapi: '3.0.0', info: { title: 'P', version: '1.0.0' } };

describe('AsyncAPI attachments that are not AsyncAPI documents', () => {
  it.each([
    ['an empty file', '', `CW022 ${F}asyncapi.yml — the file is empty, so it is no AsyncAPI document. Write the AsyncAPI document into it, or remove this file from specifications.`],
    ['a file of blank lines and a comment', '\n\n# nothing yet\n', `CW022 ${F}asyncapi.yml — the file is empty, so it is no AsyncAPI document. Write the AsyncAPI document into it, or remove this file from specifications.`],
    ['a JSON array', '[{"asyncapi": "3.0.0"}]', `CW022 ${F}asyncapi.yml — the file holds a list, not an AsyncAPI document (which is a mapping with an "asyncapi" field). Attach the AsyncAPI document itself.`],
    ['a single string', 'just words', `CW022 ${F}asyncapi.yml — the file holds a single string value, not an AsyncAPI document. Attach the AsyncAPI document itself.`],
    ['an OpenAPI document', stringify({ openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: {} }), `CW022 ${F}asyncapi.yml — the file is an OpenAPI 3.0.3 document, attached as AsyncAPI. Attach it with type: openapi in specifications, or attach the service's AsyncAPI document here.`],
    ['a mapping without "asyncapi"', stringify({ info: { title: 'x' } }), `CW022 ${F}asyncapi.yml — the file has no "asyncapi" field, so it is no AsyncAPI document. Start the document with the AsyncAPI version it follows, e.g. asyncapi: 3.0.0.`],
    ['an unquoted number as version', 'asyncapi: 3.0\ninfo: {title: x, version: "1"}\n', `CW022 ${F}asyncapi.yml — "asyncapi" is 3, not a version string. Quote the version, e.g. asyncapi: '3.0.0'.`],
    ['an unsupported version', stringify({ asyncapi: '1.2.0', info: { title: 'x', version: '1' } }), `CW022 ${F}asyncapi.yml — AsyncAPI 1.2.0 is not a version catwire reads (it reads 2.0.0 to 3.1.0). Convert the document to AsyncAPI 3.0.0 (\`asyncapi convert\` of the AsyncAPI CLI does it).`],
    ['broken YAML', 'asyncapi: 3.0.0\ninfo: [unclosed\n', `CW022 ${F}asyncapi.yml:3 — the file is neither YAML nor JSON, so it is no AsyncAPI document: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix the syntax of the AsyncAPI document.`],
  ])('%s', async (_name, text, expected) => {
    expect(await specFindings('asyncapi', 'asyncapi.yml', text)).toEqual([expected]);
  });
});

describe('AsyncAPI documents that parse but break their specification', () => {
  it('are errors by default, each naming the field and line', async () => {
    const text = stringify({
      asyncapi: '3.0.0',
      info: { title: 'P' },
      channels: { things: { address: 'things', messages: { thing: { payload: { type: 'object' }, colour: 'red' } } } },
    });
    expect(await specFindings('asyncapi', 'asyncapi.yml', text)).toEqual([
      `CW063 ${F}asyncapi.yml:2 info — the AsyncAPI document is not valid: the required field "version" is missing. Fix the document so it follows the AsyncAPI specification of its version.`,
      `CW063 ${F}asyncapi.yml:11 channels.things.messages.thing.colour — the AsyncAPI document is not valid: "colour" is not a field the specification allows here. Fix the document so it follows the AsyncAPI specification of its version.`,
    ]);
  });

  it('a 2.x message payload that is not a schema', async () => {
    const text = 'asyncapi: 2.6.0\ninfo: {title: x, version: "1"}\nchannels:\n  a:\n    publish:\n      message:\n        payload: 5\n';
    expect(await specFindings('asyncapi', 'asyncapi.yml', text)).toEqual([
      `CW063 ${F}asyncapi.yml:7 channels.a.publish.message.payload — the AsyncAPI document is not valid: must be an object or a boolean. Fix the document so it follows the AsyncAPI specification of its version.`,
    ]);
  });

  it('a valid minimal document gives nothing', async () => {
    expect(await specFindings('asyncapi', 'asyncapi.yml', stringify(minimal3))).toEqual([]);
  });
});

describe('OpenAPI attachments', () => {
  it.each([
    ['an empty file', '', `CW022 ${F}openapi.yml — the file is empty, so it is no OpenAPI document. Write the OpenAPI document into it, or remove this file from specifications.`],
    ['an AsyncAPI document', stringify(minimal3), `CW022 ${F}openapi.yml — the file is an AsyncAPI 3.0.0 document, attached as OpenAPI. Attach it with type: asyncapi in specifications, or attach the service's OpenAPI document here.`],
    ['a YAML file that is no OpenAPI', stringify({ name: 'x', paths: [] }), `CW022 ${F}openapi.yml — the file has neither an "openapi" nor a "swagger" field, so it is no OpenAPI document. Start the document with the OpenAPI version it follows, e.g. openapi: 3.0.3.`],
    ['an unsupported version', stringify({ openapi: '4.0.0', info: { title: 'x', version: '1' }, paths: {} }), `CW022 ${F}openapi.yml — OpenAPI 4.0.0 is not a version catwire reads (it reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x). Convert the document to OpenAPI 3.0 or 3.1.`],
    ['an invalid document', stringify({ openapi: '3.1.0', info: { title: 'x', version: '1', license: { name: 'a', identifier: 'MIT', url: 'https://x' } }, paths: {} }), `CW063 ${F}openapi.yml:5 info.license — the OpenAPI document is not valid: it fits more than one of the forms the specification allows here, which exclude each other. Fix the document so it follows the OpenAPI specification of its version.`],
  ])('%s', async (_name, text, expected) => {
    expect(await specFindings('openapi', 'openapi.yml', text)).toEqual([expected]);
  });

  it('reads a Swagger 2.0 document', async () => {
    const text = stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} });
    expect(await specFindings('openapi', 'openapi.yml', text)).toEqual([]);
  });
});
